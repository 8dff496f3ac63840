// Quote-then-request: what a consumer does before every agreement, in one call.

/**
 * Ask the chain what a request would lock (`agora_quote`), then build `agreements.request` with
 * the quoted total as its price ceiling, so that a price raised between the quote and the
 * block fails the request (`PriceAboveMax`) instead of charging more.
 *
 * `plan` is a PaymentPlan (`{ installmentPeriods: n }`: one installment every n periods). Resolves
 * { quote, tx }: sign and send `tx` yourself (`tx.signAndSend(pair, cb)`). A refused quote
 * rejects with the node's error (code 3, the reason as message, e.g. 'InsufficientCapacity').
 */
export async function quoteThenRequest(api, {
  provider, resources, durationPeriods, plan,
}) {
  const quote = (await api.rpc.agora.quote(provider, resources, durationPeriods, plan)).toJSON();
  const tx = api.tx.agreements.request(provider, resources, durationPeriods, plan, BigInt(quote.totalPrice));
  return { quote, tx };
}
