/** Buyer actions Azure holds until the publisher PATCHes the operation. */
export const ACTIONS_AWAITING_PUBLISHER = ['ChangePlan', 'ChangeQuantity', 'Reinstate'] as const;
/** Operation states in which Azure still waits for the publisher's answer. */
export const STATUSES_AWAITING_PUBLISHER = ['NotStarted', 'InProgress'] as const;

/** Whether the publisher still owes Azure an answer to this operation. */
export function awaitsPublisherAnswer(operation: { action: string; status: string }): boolean {
  return (ACTIONS_AWAITING_PUBLISHER as readonly string[]).includes(operation.action) && isAwaitingPublisher(operation.status);
}

/** Whether an operation in this state is still open for the publisher to answer. */
export function isAwaitingPublisher(status: string): boolean {
  return (STATUSES_AWAITING_PUBLISHER as readonly string[]).includes(status);
}
