import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { parseBody } from '../../core/zod-body.pipe';
import { randomAlphanumeric } from '../../core/random-id.generator';
import { DEFAULT_SELLER_ACCOUNT_ID } from '../protocol/caller-identity';
import { CatalogEntityStore } from './catalog-entity.store';
import { ChangeSetService } from './change-set.service';

const configRequest = z
  .object({
    prepareDelayMs: z.number().int().min(0).max(60_000),
    applyDelayMs: z.number().int().min(0).max(60_000),
    maxOpenChangeSets: z.number().int().min(1).max(1000),
  })
  .partial()
  .strict();

const price = z.union([z.string().regex(/^\d{1,12}(\.\d{1,8})?$/), z.number().nonnegative()]).transform(String);

const productRequest = z.object({
  productId: z.string().regex(/^prod-[a-z0-9]{5,}$/, 'must look like prod-xxxxx'),
  productCode: z.string().min(1),
  title: z.string().min(1),
  sellerAccountId: z
    .string()
    .regex(/^\d{12}$/)
    .default(DEFAULT_SELLER_ACCOUNT_ID),
  visibility: z.enum(['Draft', 'Limited', 'Public', 'Restricted']).default('Public'),
  dimensions: z
    .array(
      z.object({
        key: z.string().min(1),
        name: z.string().optional(),
        unit: z.string().default('Units'),
        price: price.default('0'),
        types: z.array(z.enum(['Entitled', 'ExternallyMetered'])).default(['ExternallyMetered']),
      }),
    )
    .default([]),
});

/** Seeds what a seller listed in the Management Portal before the product talks to the API. */
@Controller('_sandbox/aws')
export class CatalogControlController {
  constructor(
    private readonly entities: CatalogEntityStore,
    private readonly changeSets: ChangeSetService,
  ) {}

  @Get('catalog/config')
  getConfig() {
    return this.changeSets.getConfig();
  }

  @Post('catalog/config')
  @HttpCode(200)
  configure(@Body() body: unknown) {
    return this.changeSets.configure(parseBody(configRequest, body));
  }

  @Post('products')
  @HttpCode(201)
  seed(@Body() body: unknown) {
    const r = parseBody(productRequest, body);
    const entity = this.entities.put({
      entityId: r.productId,
      entityType: 'SaaSProduct',
      ownerAccountId: r.sellerAccountId,
      details: {
        ProductTitle: r.title,
        ProductCode: r.productCode,
        Visibility: r.visibility,
        Description: { ProductTitle: r.title, Visibility: r.visibility },
        Dimensions: r.dimensions.map((d) => ({ ...d, name: d.name ?? d.key })),
      },
    });
    // On AWS a product's prices are its public offer's: a released offer with no buyer targeting.
    const publicOffer = `offer-${randomAlphanumeric(13)}`;
    if (r.dimensions.length) {
      this.entities.put({
        entityId: publicOffer,
        entityType: 'Offer',
        ownerAccountId: r.sellerAccountId,
        details: {
          Id: publicOffer,
          State: 'Released',
          Name: r.title,
          ProductId: r.productId,
          Terms: [
            {
              Type: 'UsageBasedPricingTerm',
              CurrencyCode: 'USD',
              RateCards: [{ RateCard: r.dimensions.map((d) => ({ DimensionKey: d.key, Price: d.price })) }],
            },
          ],
          Rules: [{ Type: 'TargetingRule', PositiveTargeting: { CountryCodes: ['US'] } }],
        },
      });
    }
    return { ...entity, lastModifiedDate: entity.lastModifiedDate.toISOString(), publicOfferId: r.dimensions.length ? publicOffer : null };
  }
}
