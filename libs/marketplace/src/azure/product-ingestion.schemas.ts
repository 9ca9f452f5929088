import { z } from 'zod';

/**
 * The Product Ingestion API's messages the product sends and reads
 * (learn.microsoft.com, "Product ingestion API for the commercial
 * marketplace", "Create and manage private offers via API"). Every resource
 * carries its `$schema`; reads are lenient (Microsoft adds properties).
 */
export const PI_SCHEMA = {
  configure: 'https://schema.mp.microsoft.com/schema/configure/2022-07-01',
  configureStatus: 'https://schema.mp.microsoft.com/schema/configure-status/2022-07-01',
  privateOffer: 'https://schema.mp.microsoft.com/schema/private-offer/2023-07-15',
  privateOfferPlanPrice: 'https://schema.mp.microsoft.com/schema/price-and-availability-private-offer-plan/2023-07-15',
} as const;

/** `$version` of the configure endpoint and its job status. */
export const CONFIGURE_VERSION = '2022-07-01';
/** `$version` of private-offer reads (GET configure/{jobId}, GET private-offer/{id}). */
export const PRIVATE_OFFER_VERSION = '2023-07-15';

/** Configure's answer and the job status poll ("Job status and retrieve private offer detail via API"). */
export const configureStatusSchema = z.looseObject({
  jobId: z.string().min(1),
  jobStatus: z.enum(['notStarted', 'running', 'completed']),
  jobResult: z.enum(['pending', 'succeeded', 'failed']),
  jobStart: z.string().optional(),
  jobEnd: z.string().optional(),
  resourceUri: z.string().optional(),
  errors: z
    .array(z.looseObject({ code: z.string().optional(), message: z.string().optional(), resourceId: z.string().optional() }))
    .default([]),
});
export type ConfigureStatus = z.infer<typeof configureStatusSchema>;

/** A private offer as the API answers it: its durable id (`private-offer/<guid>`) and state. */
export const privateOfferSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  privateOfferType: z.string().optional(),
  state: z.string().optional(),
});

/**
 * GET configure/{jobId}: the page shows the private offer itself; a configure
 * document holding it among its resources is read the same way.
 */
export const jobDetailSchema = z.union([
  privateOfferSchema.transform((offer) => [offer]),
  z
    .looseObject({ resources: z.array(z.looseObject({ id: z.string().optional(), $schema: z.string().optional() })) })
    .transform((d) =>
      d.resources.filter((r) => typeof r.id === 'string' && r.id.startsWith('private-offer/')).map((r) => privateOfferSchema.parse(r)),
    ),
]);
