import { useState } from 'preact/hooks';
import { payments } from '../api/endpoints';
import { ApiError } from '../api/problem';
import { SUBSCRIPTION_TIERS, type LiveChannel, type PaymentsConfig } from '../api/types';
import { Field, FormError, Submit } from '../components/forms';
import { CardField, firstCard } from '../payments/card';
import { money } from '../payments/sandbox';
import { tierName } from '../payments/subscriptions';
import { PaymentStatus, TierChoice, usePayment } from './Support';

/** Payments' limit for one community gift (services/Payments GiftsApi). */
const MOST = 100;

/**
 * Why a community gift was refused, in words about the form: "not enough viewers" says how many can receive one, at the
 * "How many" field; "not live" says when gifting is possible.
 */
function explain(error: ApiError | null, channel: LiveChannel): ApiError | null {
  if (error?.kind === 'not-enough-viewers') {
    const eligible = typeof error.problem.eligibleViewers === 'number' ? error.problem.eligibleViewers : 0;
    const title = eligible === 0
      ? 'No signed-in viewer without a subscription is watching now, so nobody can receive a gift.'
      : `Only ${eligible} signed-in viewer${eligible === 1 ? ' is' : 's are'} watching without a subscription; gift at most ${eligible}.`;
    return new ApiError({ ...error.problem, title, detail: undefined, field: 'quantity' });
  }
  if (error?.kind === 'not-live') {
    return new ApiError({
      ...error.problem,
      title: `${channel.name} is not live: community gifts go to the people watching a live stream.`,
      detail: 'Gift a subscription to a named viewer instead, or come back when the channel is live.',
    });
  }
  return error;
}

/**
 * A month's subscription for each of 1–100 viewers drawn among the signed-in people watching the live stream without
 * one (giftType sub_<tier>, no recipient), paid in one payment like any gift.
 */
export function CommunityGiftForm({ channel, config }: { channel: LiveChannel; config: PaymentsConfig }) {
  const [form, setForm] = useState({ tier: SUBSCRIPTION_TIERS[0] as string, quantity: '1', card: firstCard(config) });
  const { phase, error, pay, busy } = usePayment(config);
  const shown = explain(error, channel);
  const quantity = Number.parseInt(form.quantity, 10);
  const price = config.tiers.find((t) => t.tier === form.tier);
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = {
      channelSlug: channel.slug,
      giftType: `sub_${form.tier}`,
      // Unreadable goes as 0, so the API's own rule ("quantity is required, 1–…") is what the person reads.
      quantity: Number.isFinite(quantity) ? quantity : 0,
      streamId: channel.liveStream?.id,
    };
    const paid = await pay(body, (key) => payments.gift(body, key), payments.giftPurchase, form.card,
      (amount) => `Thank you! ${body.quantity} ${body.quantity === 1 ? 'viewer' : 'viewers'} of ${channel.name} `
        + `${body.quantity === 1 ? 'gets' : 'get'} a month of ${tierName(form.tier)} (${amount}).`);
    if (paid) setForm({ ...form, quantity: '1' });
  };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="community-gift-title">
      <h3 id="community-gift-title">Gift subs to the community</h3>
      <p class="hint">
        A month each for signed-in viewers watching {channel.isLive ? 'now' : 'while the channel is live'} who do not subscribe yet,
        drawn at random; it does not renew.
      </p>
      <FormError error={shown} shown={['quantity', 'giftType']} />
      <TierChoice name="community-gift-tier" value={form.tier} onChange={(tier) => setForm({ ...form, tier })} error={null}
        tiers={config.tiers} />
      <Field label="Number of subscriptions" name="quantity" id="community-gift-quantity" inputMode="numeric" value={form.quantity}
        error={shown} hint={price && Number.isFinite(quantity) && quantity > 0
          ? `Total ${money(price.priceCents * quantity, price.currency)} (1–${MOST})`
          : `1–${MOST}`}
        onInput={(e) => setForm({ ...form, quantity: e.currentTarget.value })} />
      <CardField id="community-gift-card" config={config} value={form.card} onChange={(card) => setForm({ ...form, card })} />
      <Submit busy={busy}>Gift to the community</Submit>
      <PaymentStatus phase={phase} />
    </form>
  );
}
