/* Helium reward claims: for each hotspot, the oracles of its lazy
 * distributor sign the rewards it is owed (POST /v1/sign); every message is
 * checked before anything is signed (this lazy distributor, this asset, an
 * amount at least the on-chain RecipientV0.total_rewards, an oracle listed
 * on-chain, an Ed25519 signature over exactly the bytes used); the claims are
 * built (initialize_compression_recipient_v0 when the recipient is missing,
 * the Ed25519 precompile instruction, rewards_oracle
 * set_current_rewards_wrapper_v2, distribute_compression_rewards_v0 or
 * distribute_custom_destination_v0), packed into v0 transactions with
 * Helium's lookup table, kept within the circuit breaker's remaining
 * window, and sent through chains/solana/sender.h (journaled, in parallel,
 * resumable without claiming twice). The adapter (helium.c) links these
 * into helium_adapter. */
#ifndef DEPINCTL_HELIUM_CLAIM_H
#define DEPINCTL_HELIUM_CLAIM_H

#include <stdint.h>
#include "error.h"
#include "networks/network.h"

/* Checks and builds everything, signs nothing: c->lines (one per hotspot),
 * c->summary / ntx / tx_bytes / fee computed from the bytes built. With
 * rq->dry_run the same, and execute is refused. */
int helium_claim_prepare(struct net_claim *c, const struct net_claim_request *rq, struct error *e) WUR;
/* Signs with the owner's ed25519 seed, journals every transaction before it
 * is broadcast, sends them in parallel and waits; per-line results. */
int helium_claim_execute(struct net_claim *c, const uint8_t secret[32], struct error *e) WUR;
void helium_claim_release(struct net_claim *c);

#endif
