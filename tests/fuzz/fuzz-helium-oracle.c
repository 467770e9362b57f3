/* Helium claim parsing of outside data: the oracle's /v1/sign replies and
 * the on-chain accounts a claim reads.
 *   byte 0     what: 0 an oracle reply (JSON), 1 LazyDistributorV0,
 *              2 RecipientV0, 3 AccountWindowedCircuitBreakerV0, 4 a merkle
 *              tree account, 5 a SetCurrentRewardsTransactionV0 message
 *   the rest   the input
 * Invariants: an accepted oracle reply's messages are for the asset asked,
 * this lazy distributor and oracle, at least the on-chain total, and their
 * signatures verify; an accepted tree has its canopy within its depth; the
 * breaker never lets through more than its threshold. */
#include "config.h"
#include "fuzz.h"

#include <sodium.h>

#include "networks/helium/lazy.h"
#include "networks/helium/oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e;
	if (size < 1 || sodium_init() < 0)
		return 0;
	const uint8_t *p = data + 1;
	size_t n = size - 1;
	switch (data[0] % 6) {
	case 0: {
		/* the oracle key of the fixtures' seed 0 is not needed: any key
		   listed works, the reply names it */
		struct helium_lazy_distributor ld;
		struct helium_oracle_sig s[2];
		uint8_t ldk[32], assets[2][32], seed[32] = {1}, sk[64];
		uint64_t totals[2] = {100, 0};
		memset(&ld, 0, sizeof ld);
		crypto_sign_seed_keypair(ld.oracles[0].oracle, sk, seed);
		snprintf(ld.oracles[0].url, sizeof ld.oracles[0].url, "https://oracle.test");
		ld.noracles = 1;
		memset(ldk, 4, 32);
		memset(assets[0], 5, 32);
		memset(assets[1], 6, 32);
		char *body = malloc(n + 1);
		if (!body)
			return 0;
		memcpy(body, p, n);
		body[n] = '\0';
		for (size_t count = 1; count <= 2; count++)
			if (!helium_oracle_sign_check(s, body, n, &ld, ldk, 0, (const uint8_t (*)[32])assets, totals, count, &e))
				for (size_t i = 0; i < count; i++) {
					uint8_t l[32], a[32];
					uint16_t idx;
					uint64_t amount;
					FUZZ_CHECK(!helium_oracle_message_parse(s[i].message, HELIUM_ORACLE_MSG_LEN, l, &idx,
										&amount, a, &e));
					FUZZ_CHECK(!memcmp(l, ldk, 32) && !memcmp(a, assets[i], 32) && idx == 0);
					FUZZ_CHECK(amount == s[i].current_rewards && amount >= totals[i]);
					FUZZ_CHECK(!crypto_sign_verify_detached(s[i].signature, s[i].message,
										HELIUM_ORACLE_MSG_LEN, ld.oracles[0].oracle));
				}
		free(body);
		break;
	}
	case 1: {
		struct helium_lazy_distributor ld;
		if (!helium_lazy_distributor_parse(&ld, p, n, &e))
			FUZZ_CHECK(ld.noracles >= 1 && ld.noracles <= HELIUM_MAX_ORACLES);
		break;
	}
	case 2: {
		struct helium_recipient r;
		if (!helium_recipient_parse(&r, p, n, &e))
			FUZZ_CHECK(r.current_config_version == r.current_config_version);
		break;
	}
	case 3: {
		struct helium_circuit_breaker cb;
		if (!helium_circuit_breaker_parse(&cb, p, n, &e)) {
			uint64_t left = helium_circuit_breaker_remaining(&cb, n > 40 ? p[40] * 1000000ULL : 0,
									 n > 41 ? (int64_t)p[41] * 1000 : 0);
			if (cb.threshold_type == HELIUM_THRESHOLD_ABSOLUTE)
				FUZZ_CHECK(left <= cb.threshold);
		}
		break;
	}
	case 4: {
		struct helium_tree t;
		if (!helium_tree_parse(&t, p, n, &e))
			FUZZ_CHECK(t.canopy_depth <= t.max_depth && t.max_depth <= HELIUM_MAX_PROOF);
		break;
	}
	case 5: {
		uint8_t l[32], a[32], m[HELIUM_ORACLE_MSG_LEN];
		uint16_t idx;
		uint64_t amount;
		if (!helium_oracle_message_parse(p, n, l, &idx, &amount, a, &e)) {
			helium_oracle_message(m, l, idx, amount, a);
			FUZZ_CHECK(n == HELIUM_ORACLE_MSG_LEN && !memcmp(m, p, n));
		}
		break;
	}
	}
	return 0;
}
