/* The pure parts of the Solana wallet client: compute budget arithmetic,
 * the known mints, and the SPL Token / Token-2022 account layouts. */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "tap.h"
#include "base58.h"
#include "chains/solana/budget.h"
#include "chains/solana/rpc.h"
#include "chains/solana/tokens.h"

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void test_budget(void)
{
	is_int(sol_budget_units(0), 1000, "units: 0 consumed asks 1000");
	is_int(sol_budget_units(450), 1495, "units: 450 + 10%% + 1000");
	is_int(sol_budget_units(6201), 7821, "units: 6201 + 620 + 1000 (the tenth rounds down)");
	is_int(sol_budget_units(1271817), 1399998, "units: just under the cap");
	is_int(sol_budget_units(1300000), SOL_BUDGET_MAX_UNITS, "units: capped at 1.4M");
	is_int(sol_budget_units(UINT64_MAX), SOL_BUDGET_MAX_UNITS, "units: no overflow");

	uint64_t none[1] = {0};
	is_int(sol_budget_median(none, 0), 0, "median of nothing is 0");
	uint64_t one[] = {7};
	is_int(sol_budget_median(one, 1), 7, "median of one");
	uint64_t odd[] = {300, 100, 200};
	is_int(sol_budget_median(odd, 3), 200, "median of three, unsorted");
	uint64_t even[] = {40, 10, 30, 20};
	is_int(sol_budget_median(even, 4), 20, "median of four: the lower middle");
	uint64_t big[] = {UINT64_MAX, UINT64_MAX - 1, 5};
	ok(sol_budget_median(big, 3) == UINT64_MAX - 1, "median keeps u64 values exact");
	uint64_t slots[150];
	memset(slots, 0, sizeof slots);
	for (int i = 0; i < 76; i++)
		slots[i] = 1000 + (uint64_t)i;
	is_int(sol_budget_median(slots, 150), 1000, "median of 150 slots, 76 of them paying");

	is_int(sol_budget_price(50, 100, 0), 100, "price: the minimum lifts the median");
	is_int(sol_budget_price(500, 0, 200), 200, "price: the maximum caps it");
	is_int(sol_budget_price(150, 100, 200), 150, "price: the median inside the range");
	is_int(sol_budget_price(7, 0, 0), 7, "price: no bounds");
	is_int(sol_budget_price(0, 0, 0), 0, "price: nothing paid, nothing asked");

	is_int(sol_budget_fee(1, 0, 200000), 5000, "fee: one signature, no priority");
	is_int(sol_budget_fee(2, 0, 0), 10000, "fee: two signatures");
	is_int(sol_budget_fee(1, 1, 1), 5001, "fee: the priority fee rounds up");
	is_int(sol_budget_fee(1, 1000000, 200000), 205000, "fee: 1 lamport a unit");
	is_int(sol_budget_fee(1, 3, 333334), 5002, "fee: ceil(1000002 / 10^6) = 2");
	is_int(sol_budget_fee(1, 5000, 1000000), 10000, "fee: exact division");
	ok(sol_budget_fee(1, UINT64_MAX, SOL_BUDGET_MAX_UNITS) == UINT64_MAX, "fee: saturates");
}

static void test_known(void)
{
	int bad = 0, dup = 0;
	for (size_t i = 0; i < sol_tokens_known_len; i++) {
		uint8_t k[32];
		size_t len;
		if (base58_decode(k, sizeof k, &len, sol_tokens_known[i].mint) || len != 32)
			bad++;
		for (size_t j = 0; j < i; j++)
			if (!strcasecmp(sol_tokens_known[i].symbol, sol_tokens_known[j].symbol) ||
			    !strcmp(sol_tokens_known[i].mint, sol_tokens_known[j].mint))
				dup++;
	}
	ok(sol_tokens_known_len >= 12, "at least a dozen known mints (%zu)", sol_tokens_known_len);
	is_int(bad, 0, "every known mint is base58 of 32 bytes");
	is_int(dup, 0, "no symbol or mint listed twice");
	const struct sol_tokens_known *k = sol_tokens_by_symbol("hnt");
	ok(k && !strcmp(k->mint, "hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux"), "HNT by symbol, any case");
	k = sol_tokens_by_mint("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v");
	ok(k && !strcmp(k->symbol, "USDC"), "USDC by mint");
	static const char *want[] = {"HNT", "IOT", "MOBILE", "DC", "HONEY", "RENDER", "IO", "NOS", "GEOD", "USDC"};
	int missing = 0;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		missing += !sol_tokens_by_symbol(want[i]);
	is_int(missing, 0, "the DePIN tokens and USDC are known");
	ok(!sol_tokens_by_symbol("NOPE") && !sol_tokens_by_mint("11111111111111111111111111111111"),
	   "unknown symbol and mint");
	char label[32];
	sol_tokens_label(label, sizeof label, "dcuc8Amr83Wz27ZkQ2K9NS6r8zRpf1J6cvArEBDZDmm");
	is_str(label, "DC", "a known mint's label is its symbol");
	sol_tokens_label(label, sizeof label, "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU");
	is_str(label, "7xKX...gAsU", "an unknown mint's label is shortened");
}

static void test_account(void)
{
	uint8_t d[400];
	struct sol_tokens_account a;
	struct error e = {0};
	memset(d, 0, sizeof d);
	memset(d, 0x11, 32);
	memset(d + 32, 0x22, 32);
	put64(d + 64, UINT64_MAX - 1);
	d[108] = 1;
	ok(sol_tokens_parse_account(&a, d, 165, &e) == 0, "a 165-byte token account parses");
	ok(a.mint[0] == 0x11 && a.mint[31] == 0x11 && a.owner[0] == 0x22 && a.owner[31] == 0x22, "mint and owner");
	ok(a.amount == UINT64_MAX - 1, "the amount, exact beyond 2^53");
	ok(a.state == SOL_TOKENS_INITIALIZED && !a.is_native, "initialized, not native");
	d[108] = 2;
	ok(sol_tokens_parse_account(&a, d, 165, &e) == 0 && a.state == SOL_TOKENS_FROZEN, "a frozen account");
	d[109] = 1;
	ok(sol_tokens_parse_account(&a, d, 165, &e) == 0 && a.is_native, "wrapped SOL");
	d[109] = 2;
	ok(sol_tokens_parse_account(&a, d, 165, &e) == ERR_USAGE, "a bad is_native option is refused");
	d[109] = 0;
	d[108] = 0;
	ok(sol_tokens_parse_account(&a, d, 165, &e) == ERR_USAGE, "an uninitialized account is refused");
	d[108] = 3;
	ok(sol_tokens_parse_account(&a, d, 165, &e) == ERR_USAGE, "state 3 is refused");
	d[108] = 1;
	ok(sol_tokens_parse_account(&a, d, 164, &e) == ERR_USAGE, "164 bytes are refused");
	ok(sol_tokens_parse_account(&a, d, SOL_TOKENS_MULTISIG_LEN, &e) == ERR_USAGE, "a multisig's size is refused");
	d[165] = 2; /* Token-2022 account with ImmutableOwner */
	put16(d + 166, 7);
	ok(sol_tokens_parse_account(&a, d, 170, &e) == 0, "a Token-2022 account with extensions parses");
	d[165] = 1;
	ok(sol_tokens_parse_account(&a, d, 170, &e) == ERR_USAGE, "a Token-2022 mint is not an account");
}

static void test_mint(void)
{
	uint8_t d[400];
	struct sol_tokens_mint m;
	struct error e = {0};
	memset(d, 0, sizeof d);
	d[0] = 1;               /* mint authority: Some */
	memset(d + 4, 0x33, 32);
	put64(d + 36, 123456789012345678ull);
	d[44] = 6;
	d[45] = 1;
	ok(sol_tokens_parse_mint(&m, d, 82, false, &e) == 0, "an 82-byte mint parses");
	ok(m.decimals == 6 && m.supply == 123456789012345678ull && !m.has_freeze_authority, "decimals, supply");
	is_int(m.account_len, 165, "a Token account is 165 bytes");
	ok(sol_tokens_parse_mint(&m, d, 82, true, &e) == 0 && m.account_len == 170,
	   "a Token-2022 mint without extensions: its associated accounts are 170 bytes (ImmutableOwner)");
	d[46] = 1;
	ok(sol_tokens_parse_mint(&m, d, 82, false, &e) == 0 && m.has_freeze_authority, "a freeze authority");
	d[46] = 2;
	ok(sol_tokens_parse_mint(&m, d, 82, false, &e) == ERR_USAGE, "a bad option tag is refused");
	d[46] = 0;
	d[45] = 0;
	ok(sol_tokens_parse_mint(&m, d, 82, false, &e) == ERR_USAGE, "an uninitialized mint is refused");
	d[45] = 1;
	ok(sol_tokens_parse_mint(&m, d, 165, false, &e) == ERR_USAGE, "a token account is not a mint");

	/* Token-2022: padding to 165, type 1, TransferFeeConfig (108 bytes),
	 * NonTransferable (0 bytes) */
	size_t o = 166;
	d[165] = 1;
	put16(d + o, 1);
	put16(d + o + 2, 108);
	put64(d + o + 4 + 98, 5000000); /* newer fee: maximum */
	put16(d + o + 4 + 106, 150);    /* newer fee: basis points */
	o += 4 + 108;
	put16(d + o, 9);
	put16(d + o + 2, 0);
	o += 4;
	ok(sol_tokens_parse_mint(&m, d, o, false, &e) == ERR_USAGE, "extensions need Token-2022");
	ok(sol_tokens_parse_mint(&m, d, o, true, &e) == 0, "a Token-2022 mint with extensions parses");
	ok(m.extensions == (SOL_TOKENS_EXT_TRANSFER_FEE | SOL_TOKENS_EXT_NON_TRANSFERABLE), "its extensions");
	ok(m.fee_bps == 150 && m.fee_max == 5000000, "the transfer fee");
	is_int(m.account_len, 165 + 1 + 4 + 12 + 4, "its accounts: ImmutableOwner, TransferFeeAmount, NonTransferableAccount");
	ok(sol_tokens_parse_mint(&m, d, o - 5, true, &e) == ERR_USAGE, "an extension running past the data is refused");
	d[100] = 1;
	ok(sol_tokens_parse_mint(&m, d, o, true, &e) == ERR_USAGE, "padding that is not zero is refused");
	d[100] = 0;
	put16(d + 166, 14); /* TransferHook in place of the fee, 108 bytes long here */
	ok(sol_tokens_parse_mint(&m, d, o, true, &e) == 0 && (m.extensions & SOL_TOKENS_EXT_TRANSFER_HOOK),
	   "a transfer hook is seen");
	put16(d + 166, 1);
	put16(d + 168, 107);
	ok(sol_tokens_parse_mint(&m, d, o, true, &e) == ERR_USAGE, "a transfer fee extension of the wrong size");
}

static void describe(const char *json, const char *want, const char *name)
{
	cJSON *v = cJSON_Parse(json);
	char out[200];
	sol_rpc_describe_error(out, sizeof out, v);
	is_str(out, want, "%s", name);
	cJSON_Delete(v);
}

static void test_rpc_text(void)
{
	describe("{\"InstructionError\":[2,{\"Custom\":1}]}", "instruction 2: custom program error 0x1",
		 "a custom program error, in hex as the logs show it");
	describe("{\"InstructionError\":[0,\"InsufficientFunds\"]}", "instruction 0: insufficient funds",
		 "an instruction error by name");
	describe("{\"InstructionError\":[1,{\"BorshIoError\":\"x\"}]}", "instruction 1: {\"BorshIoError\":\"x\"}",
		 "an unknown instruction error as JSON");
	describe("\"InsufficientFundsForFee\"", "insufficient funds for the fee", "a transaction error by name");
	describe("\"AccountNotFound\"", "the fee payer has no SOL (AccountNotFound)", "AccountNotFound explained");
	describe("{\"InsufficientFundsForRent\":{\"account_index\":1}}",
		 "account 1 would be left below the rent-exempt minimum (InsufficientFundsForRent)", "rent");
	describe("\"Odd\\u001b[2J\"", "Odd?[2J", "control characters from a server are replaced");

	cJSON *logs = cJSON_Parse("[\"Program A invoke [1]\", \"Program log: one\", \"Program A failed\"]");
	char out[64];
	sol_rpc_join_logs(out, sizeof out, logs);
	is_str(out, "Program A invoke [1] | Program log: one | Program A failed", "logs joined");
	sol_rpc_join_logs(out, 40, logs);
	is_str(out, "Program log: one | Program A failed", "the last lines are kept when they do not all fit");
	cJSON_Delete(logs);

	struct sol_rpc_status st = {.found = true};
	snprintf(st.confirmation, sizeof st.confirmation, "processed");
	ok(!sol_rpc_status_meets(&st, "confirmed"), "processed is not confirmed");
	snprintf(st.confirmation, sizeof st.confirmation, "confirmed");
	ok(sol_rpc_status_meets(&st, "confirmed") && !sol_rpc_status_meets(&st, "finalized"),
	   "confirmed meets confirmed, not finalized");
	snprintf(st.confirmation, sizeof st.confirmation, "finalized");
	ok(sol_rpc_status_meets(&st, "confirmed") && sol_rpc_status_meets(&st, "finalized"), "finalized meets both");
	st.found = false;
	ok(!sol_rpc_status_meets(&st, "confirmed"), "not found meets nothing");
}

int main(void)
{
	test_budget();
	test_known();
	test_account();
	test_mint();
	test_rpc_text();
	return tap_done();
}
