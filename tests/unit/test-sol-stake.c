/* The Stake program's instructions against @solana/web3.js's StakeProgram
 * (the vectors below were printed by web3.js 1.x for keys filled with one
 * byte each: k(1) payer, k(2) stake, k(3) staker, k(4) withdrawer, k(5)
 * vote, k(6) recipient, k(7) split account), the decoder on them and on
 * hostile ones, StakeStateV2 and StakeHistory parsing, and the activation
 * arithmetic on histories worked out by hand. */
#include "config.h"

#include <string.h>

#include "tap.h"
#include "hex.h"
#include "chains/solana/programs.h"
#include "chains/solana/stake.h"

static uint8_t K[10][32];

static void data_is(const struct sol_instruction *ix, const char *want, const char *what)
{
	char got[600];
	hex_encode(got, sizeof got, ix->data, ix->data_len);
	is_str(got, want, "%s: data as web3.js", what);
}

/* keys as "first byte, signer, writable" triples; sysvars/programs are not
 * k(n) keys and are checked by the decoder */
static void keys_are(const struct sol_instruction *ix, const int (*want)[3], size_t n, const char *what)
{
	int same = ix->accounts_len == n;
	for (size_t i = 0; same && i < n; i++) {
		if (want[i][0] && memcmp(ix->accounts[i].pubkey, K[want[i][0]], 32))
			same = 0;
		if (ix->accounts[i].is_signer != want[i][1] || ix->accounts[i].is_writable != want[i][2])
			same = 0;
	}
	ok(same, "%s: account metas as web3.js", what);
}

static void builders(void)
{
	struct sol_instruction ixs[2], ix;
	size_t n = 0;
	struct error e = {0};
	uint8_t stake[32];
	sol_instruction_init(&ixs[0], sol_program_id_stake);
	sol_instruction_init(&ixs[1], sol_program_id_stake);
	sol_instruction_init(&ix, sol_program_id_stake);

	memcpy(stake, K[2], 32);
	ok(!sol_stake_create_all(ixs, &n, K[1], stake, NULL, K[3], 5000000000ULL, &e) && n == 2, "create: built");
	data_is(&ixs[0], "0000000000f2052a01000000c80000000000000006a1d8179137542a983437bdfe2a7ab2557f535c8a7872"
			 "2b68a49dc000000000", "create account");
	/* web3.js's example has withdrawer k(4); ours makes the wallet both */
	ok(!sol_stake_initialize(&ixs[1], K[2], K[3], K[4], &e), "initialize built");
	data_is(&ixs[1], "00000000030303030303030303030303030303030303030303030303030303030303030304040404"
			 "04040404040404040404040404040404040404040404040404040404000000000000000000000000"
			 "000000000000000000000000000000000000000000000000000000000000000000000000", "initialize");
	{
		const int w[][3] = {{2, 0, 1}, {0, 0, 0}};
		keys_are(&ixs[1], w, 2, "initialize");
	}
	struct sol_stake_call c;
	ok(!sol_stake_decode(&c, &ixs[1], &e) && c.kind == SOL_STAKE_IX_INITIALIZE && !memcmp(c.authority, K[3], 32) &&
	   !memcmp(c.withdrawer, K[4], 32), "initialize decodes: staker, withdrawer");
	sol_instructions_release(ixs, 2);

	ok(!sol_stake_create_all(ixs, &n, K[1], stake, "stake:0", K[3], 2000000000ULL, &e) && n == 2, "create with seed");
	char addr[65];
	hex_encode(addr, sizeof addr, stake, 32);
	is_str(addr, "925e3ff83091fa130b6917b22d389d38f18b2664c0b60d4c663dc30b2b60b343",
	       "seed address as web3.js PublicKey.createWithSeed");
	data_is(&ixs[0], "03000000010101010101010101010101010101010101010101010101010101010101010107000000000000007374616b"
			 "653a300094357700000000c80000000000000006a1d8179137542a983437bdfe2a7ab2557f535c8a78722b68a49d"
			 "c000000000", "create account with seed");
	ok(ixs[0].accounts_len == 2, "with seed: the base is the payer, listed once");
	sol_instructions_release(ixs, 2);
	uint8_t long_seed_addr[32];
	ok(sol_stake_seed_address(long_seed_addr, K[1], "123456789012345678901234567890123", sol_program_id_stake, &e) ==
		   ERR_USAGE, "a seed of 33 bytes is refused");

	ok(!sol_stake_delegate(&ix, K[2], K[5], K[3], &e), "delegate built");
	data_is(&ix, "02000000", "delegate");
	{
		const int w[][3] = {{2, 0, 1}, {5, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {3, 1, 0}};
		keys_are(&ix, w, 6, "delegate");
	}
	ok(!memcmp(ix.accounts[2].pubkey, sol_sysvar_clock, 32) && !memcmp(ix.accounts[3].pubkey, sol_sysvar_stake_history, 32) &&
	   !memcmp(ix.accounts[4].pubkey, sol_stake_config_id, 32), "delegate: clock, stake history, stake config");
	ok(!sol_stake_decode(&c, &ix, &e) && c.kind == SOL_STAKE_IX_DELEGATE && !memcmp(c.other, K[5], 32) &&
	   !memcmp(c.authority, K[3], 32), "delegate decodes: vote, staker");
	/* hostile: the clock swapped for another key */
	memcpy(ix.accounts[2].pubkey, K[9], 32);
	ok(sol_stake_decode(&c, &ix, &e) == ERR_USAGE && strstr(e.msg, "clock"), "delegate without the clock: refused (%s)", e.msg);
	memcpy(ix.accounts[2].pubkey, sol_sysvar_clock, 32);
	ix.accounts[5].is_signer = false;
	ok(sol_stake_decode(&c, &ix, &e) == ERR_USAGE, "delegate whose authority does not sign: refused");

	ok(!sol_stake_deactivate(&ix, K[2], K[3], &e), "deactivate built");
	data_is(&ix, "05000000", "deactivate");
	{
		const int w[][3] = {{2, 0, 1}, {0, 0, 0}, {3, 1, 0}};
		keys_are(&ix, w, 3, "deactivate");
	}
	ok(!sol_stake_decode(&c, &ix, &e) && c.kind == SOL_STAKE_IX_DEACTIVATE, "deactivate decodes");

	ok(!sol_stake_withdraw(&ix, K[2], K[6], K[4], 1234567890123ULL, &e), "withdraw built");
	data_is(&ix, "04000000cb04fb711f010000", "withdraw");
	{
		const int w[][3] = {{2, 0, 1}, {6, 0, 1}, {0, 0, 0}, {0, 0, 0}, {4, 1, 0}};
		keys_are(&ix, w, 5, "withdraw");
	}
	ok(!sol_stake_decode(&c, &ix, &e) && c.lamports == 1234567890123ULL && !memcmp(c.other, K[6], 32),
	   "withdraw decodes: amount, recipient");
	ix.data_len = 11;
	ok(sol_stake_decode(&c, &ix, &e) == ERR_USAGE, "withdraw with 11 bytes of data: refused");

	ok(!sol_stake_split_all(ixs, &n, K[3], K[2], K[7], K[3], 2282880, 3000000000ULL, &e) && n == 2, "split built");
	data_is(&ixs[0], "0000000080d5220000000000c80000000000000006a1d8179137542a983437bdfe2a7ab2557f535c8a78722b68a49d"
			 "c000000000", "split: the new account's allocation");
	data_is(&ixs[1], "03000000005ed0b200000000", "split");
	{
		const int w[][3] = {{2, 0, 1}, {7, 0, 1}, {3, 1, 0}};
		keys_are(&ixs[1], w, 3, "split");
	}
	ok(!sol_stake_decode(&c, &ixs[1], &e) && c.lamports == 3000000000ULL, "split decodes");
	sol_instructions_release(ixs, 2);
	ok(sol_stake_split(&ix, K[2], K[2], K[3], 1, &e) == ERR_USAGE, "split into itself: refused");

	uint8_t bad[4] = {9, 0, 0, 0};
	ok(!sol_instruction_set_data(&ix, bad, 4, &e), "variant 9");
	ok(sol_stake_decode(&c, &ix, &e) == ERR_USAGE, "an instruction depinctl does not build: refused");
	sol_instruction_release(&ix);
	sol_instruction_init(&ix, sol_program_id_system);
	ok(sol_stake_decode(&c, &ix, &e) == ERR_USAGE, "another program: refused");
	sol_instruction_release(&ix);
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void accounts(void)
{
	uint8_t d[200] = {0};
	struct sol_stake_account a;
	struct error e = {0};
	d[0] = 2;
	put64(d + 4, 2282880);
	memcpy(d + 12, K[3], 32);
	memcpy(d + 44, K[4], 32);
	memcpy(d + 124, K[5], 32);
	put64(d + 156, 5000000000ULL);
	put64(d + 164, 10);
	put64(d + 172, UINT64_MAX);
	put64(d + 188, 77);
	ok(!sol_stake_parse(&a, d, sizeof d, &e) && a.kind == SOL_STAKE_DELEGATED, "delegated account parses");
	ok(a.rent_exempt_reserve == 2282880 && !memcmp(a.staker, K[3], 32) && !memcmp(a.withdrawer, K[4], 32) &&
	   !memcmp(a.voter, K[5], 32) && a.stake == 5000000000ULL && a.activation_epoch == 10 &&
	   a.deactivation_epoch == UINT64_MAX && a.credits_observed == 77, "its fields");
	ok(sol_stake_parse(&a, d, 150, &e) == ERR_USAGE, "a delegated account of 150 bytes: refused (%s)", e.msg);
	d[0] = 1;
	ok(!sol_stake_parse(&a, d, 124, &e) && a.kind == SOL_STAKE_INITIALIZED, "initialized: 124 bytes are enough");
	d[0] = 7;
	ok(sol_stake_parse(&a, d, sizeof d, &e) == ERR_USAGE, "state 7: refused");
	ok(sol_stake_parse(&a, d, 3, &e) == ERR_USAGE, "3 bytes: refused");

	/* activation without history: the epoch after activation it is all effective */
	struct sol_stake_account s = {.kind = SOL_STAKE_DELEGATED, .stake = 1000, .activation_epoch = 10,
				      .deactivation_epoch = UINT64_MAX};
	struct sol_stake_activation act;
	sol_stake_activation(&act, &s, 9, NULL, 0);
	ok(act.state == SOL_STAKE_STATE_INACTIVE && act.effective == 0, "before activation: inactive");
	sol_stake_activation(&act, &s, 10, NULL, 0);
	ok(act.state == SOL_STAKE_STATE_ACTIVATING && act.activating == 1000, "activation epoch: activating 1000");
	sol_stake_activation(&act, &s, 11, NULL, 0);
	ok(act.state == SOL_STAKE_STATE_ACTIVE && act.effective == 1000, "no history: active the next epoch");
	s.deactivation_epoch = 12;
	sol_stake_activation(&act, &s, 12, NULL, 0);
	ok(act.state == SOL_STAKE_STATE_DEACTIVATING && act.deactivating == 1000, "deactivation epoch: deactivating");
	sol_stake_activation(&act, &s, 13, NULL, 0);
	ok(act.state == SOL_STAKE_STATE_INACTIVE && act.effective == 0, "no history: inactive after");
	s.deactivation_epoch = 10;
	sol_stake_activation(&act, &s, 11, NULL, 0);
	ok(act.state == SOL_STAKE_STATE_INACTIVE, "deactivated in its activation epoch: never active");

	/* warm-up through history, by hand. Cluster at epoch 10: effective 100,
	 * activating 1000 (all ours). 9 %: epoch 11 gets floor(1 * 100 * 0.09) = 9. */
	static struct sol_stake_history h;
	uint8_t raw[8 + 3 * 32] = {0};
	put64(raw, 3);
	uint64_t rows[3][4] = {{12, 118, 982, 0}, {11, 109, 991, 0}, {10, 100, 1000, 0}};
	for (int i = 0; i < 3; i++)
		for (int k = 0; k < 4; k++)
			put64(raw + 8 + 32 * i + 8 * k, rows[i][k]);
	ok(!sol_stake_history_parse(&h, raw, sizeof raw, &e) && h.n == 3 && h.e[1].epoch == 11 && h.e[1].effective == 109,
	   "stake history parses (newest first)");
	ok(sol_stake_history_parse(&h, raw, sizeof raw - 1, &e) == ERR_USAGE, "a short history: refused");
	ok(!sol_stake_history_parse(&h, raw, sizeof raw, &e), "again");
	s.deactivation_epoch = UINT64_MAX;
	sol_stake_activation(&act, &s, 11, &h, 0);
	ok(act.state == SOL_STAKE_STATE_ACTIVATING && act.effective == 9 && act.activating == 991,
	   "epoch 11 at 9 %%: 9 effective, 991 activating (got %llu/%llu)", (unsigned long long)act.effective,
	   (unsigned long long)act.activating);
	/* epoch 12: + floor(991/991 * 109 * 0.09) = 9 -> 18 */
	sol_stake_activation(&act, &s, 12, &h, 0);
	ok(act.effective == 18 && act.activating == 982, "epoch 12: 18 effective (got %llu)", (unsigned long long)act.effective);
	/* at 25 % (new rate never): epoch 11 gets floor(100 * 0.25) = 25 */
	sol_stake_activation(&act, &s, 11, &h, UINT64_MAX);
	ok(act.effective == 25, "at 25 %%: 25 effective the first epoch (got %llu)", (unsigned long long)act.effective);
	/* epoch 13: + floor(982/982 * 118 * 0.09) = 10 -> 28, then no entry for 13: stays */
	sol_stake_activation(&act, &s, 20, &h, 0);
	ok(act.effective == 28 && act.state == SOL_STAKE_STATE_ACTIVATING, "history runs out: 28 effective (got %llu)",
	   (unsigned long long)act.effective);
	/* cool-down: deactivated at 12 with all of a small stake; cluster at 12 deactivating 30, effective 118:
	 * epoch 13 loses floor(10/30 * 118 * 0.09) = 3 */
	struct sol_stake_account t = {.kind = SOL_STAKE_DELEGATED, .stake = 10, .activation_epoch = 5,
				      .deactivation_epoch = 12};
	h.e[0].deactivating = 30;
	sol_stake_activation(&act, &t, 13, &h, 0);
	ok(act.state == SOL_STAKE_STATE_DEACTIVATING && act.deactivating == 7, "cool-down: 7 left deactivating (got %llu)",
	   (unsigned long long)act.deactivating);
	is_str(sol_stake_state_name(SOL_STAKE_STATE_DEACTIVATING), "deactivating", "state names");
}

int main(void)
{
	for (int i = 0; i < 10; i++)
		memset(K[i], i, 32);
	builders();
	accounts();
	return tap_done();
}
