/* Compute budget arithmetic for Solana transfers: the unit limit from a
 * simulation, the unit price from recent prioritization fees, and the fee
 * they make. Pure functions, no I/O. */
#ifndef DEPINCTL_SOL_BUDGET_H
#define DEPINCTL_SOL_BUDGET_H

#include <stddef.h>
#include <stdint.h>

#define SOL_BUDGET_MAX_UNITS 1400000u   /* the most a transaction may ask for */
#define SOL_BUDGET_LAMPORTS_PER_SIGNATURE 5000u

/* The unit limit to ask for after a simulation consumed `consumed` units:
 * consumed + 10% + 1000, at most SOL_BUDGET_MAX_UNITS. */
uint32_t sol_budget_units(uint64_t consumed);

/* The median of n fees (micro-lamports per unit); the lower of the two
 * middle values when n is even (no rounding up, no averaging); 0 when n is
 * 0. fees is sorted in place. */
uint64_t sol_budget_median(uint64_t *fees, size_t n);

/* The unit price to pay: median clamped to [min, max]; max 0 means no cap.
 * When min > max (and max is not 0) max wins. */
uint64_t sol_budget_price(uint64_t median, uint64_t min, uint64_t max);

/* The fee in lamports: 5000 per signature plus the priority fee
 * ceil(price * units / 10^6), as the runtime charges it. Saturates at
 * UINT64_MAX. */
uint64_t sol_budget_fee(unsigned signatures, uint64_t price, uint32_t units);

#endif
