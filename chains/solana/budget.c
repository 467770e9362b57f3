/* Compute budget arithmetic (see budget.h). */
#include "config.h"

#include <stdlib.h>

#include "chains/solana/budget.h"

uint32_t sol_budget_units(uint64_t consumed)
{
	uint64_t u = consumed + consumed / 10 + 1000;
	if (consumed > SOL_BUDGET_MAX_UNITS || u > SOL_BUDGET_MAX_UNITS)
		return SOL_BUDGET_MAX_UNITS;
	return (uint32_t)u;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

uint64_t sol_budget_median(uint64_t *fees, size_t n)
{
	if (n == 0)
		return 0;
	qsort(fees, n, sizeof *fees, cmp_u64);
	return fees[(n - 1) / 2];
}

uint64_t sol_budget_price(uint64_t median, uint64_t min, uint64_t max)
{
	uint64_t p = median < min ? min : median;
	if (max && p > max)
		p = max;
	return p;
}

uint64_t sol_budget_fee(unsigned signatures, uint64_t price, uint32_t units)
{
	unsigned __int128 prio = ((unsigned __int128)price * units + 999999u) / 1000000u;
	unsigned __int128 fee = (unsigned __int128)signatures * SOL_BUDGET_LAMPORTS_PER_SIGNATURE + prio;
	return fee > UINT64_MAX ? UINT64_MAX : (uint64_t)fee;
}
