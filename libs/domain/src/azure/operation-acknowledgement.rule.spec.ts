import { awaitsPublisherAnswer, isAwaitingPublisher } from './operation-acknowledgement.rule';

describe('which Azure operations wait for the publisher', () => {
  it.each([
    ['ChangePlan', 'InProgress', true],
    ['ChangeQuantity', 'NotStarted', true],
    ['Reinstate', 'InProgress', true],
    ['ChangePlan', 'Succeeded', false],
    ['Unsubscribe', 'InProgress', false],
    ['Suspend', 'NotStarted', false],
  ])('%s %s: %s', (action, status, expected) => {
    expect(awaitsPublisherAnswer({ action, status })).toBe(expected);
  });

  it('treats only NotStarted and InProgress as open', () => {
    expect(['NotStarted', 'InProgress', 'Succeeded', 'Failed', 'Conflict'].filter(isAwaitingPublisher)).toEqual([
      'NotStarted',
      'InProgress',
    ]);
  });
});
