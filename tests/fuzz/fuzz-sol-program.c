/* Instructions of Solana's native and SPL programs (chains/solana/programs.h),
 * decoded for display and checks before signing. The input builds one
 * instruction:
 *   byte 0       the program (system, token, token-2022, ATA, compute budget,
 *                memo, or another one)
 *   byte 1       the account count (low 4 bits); bit 4: make account 1 the
 *                associated token account of accounts 2, 3 and 5
 *   2 bytes each the account's roles (bit 0 signer, bit 1 writable) and its
 *                key (a program id, or a key filled with the byte)
 *   the rest     the instruction data
 * What decodes is built again with the builder and must give the same data
 * and accounts. */
#include "config.h"
#include "fuzz.h"

#include "chains/solana/pda.h"
#include "chains/solana/programs.h"

static const uint8_t *program(unsigned which)
{
	switch (which % 7) {
	case 0:
		return sol_program_id_system;
	case 1:
		return sol_program_id_token;
	case 2:
		return sol_program_id_token_2022;
	case 3:
		return sol_program_id_ata;
	case 4:
		return sol_program_id_compute_budget;
	case 5:
		return sol_program_id_memo;
	default:
		return NULL;
	}
}

static int same_accounts(const struct sol_instruction *a, const struct sol_instruction *b, size_t n)
{
	if (a->accounts_len < n || b->accounts_len < n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (memcmp(a->accounts[i].pubkey, b->accounts[i].pubkey, 32) != 0)
			return 0;
	return 1;
}

static void rebuild(const struct sol_call *c, const struct sol_instruction *ix)
{
	struct error e = {0};
	struct sol_instruction b;
	static const uint8_t zero[32];

	sol_instruction_init(&b, zero);
	switch (c->kind) {
	case SOL_CALL_SYSTEM_TRANSFER:
		FUZZ_CHECK(sol_program_system_transfer(&b, c->from, c->to, c->amount, &e) == 0);
		FUZZ_CHECK(same_accounts(&b, ix, 2));
		break;
	case SOL_CALL_SYSTEM_CREATE_ACCOUNT:
		FUZZ_CHECK(sol_program_system_create_account(&b, c->from, c->to, c->amount, c->space, c->owner, &e) ==
			   0);
		FUZZ_CHECK(same_accounts(&b, ix, 2));
		break;
	case SOL_CALL_TOKEN_TRANSFER_CHECKED:
		FUZZ_CHECK(sol_program_token_transfer_checked(&b, c->program, c->from, c->mint, c->to, c->authority,
							      c->amount, c->decimals, &e) == 0);
		FUZZ_CHECK(same_accounts(&b, ix, 4));
		break;
	case SOL_CALL_ATA_CREATE_IDEMPOTENT:
		FUZZ_CHECK(sol_program_ata_create_idempotent(&b, c->from, c->owner, c->mint, c->program, &e) == 0);
		FUZZ_CHECK(same_accounts(&b, ix, 6));
		break;
	case SOL_CALL_COMPUTE_UNIT_LIMIT:
		FUZZ_CHECK(c->amount <= UINT32_MAX);
		FUZZ_CHECK(sol_program_compute_unit_limit(&b, (uint32_t)c->amount, &e) == 0);
		break;
	case SOL_CALL_COMPUTE_UNIT_PRICE:
		FUZZ_CHECK(sol_program_compute_unit_price(&b, c->amount, &e) == 0);
		break;
	case SOL_CALL_MEMO: {
		FUZZ_CHECK(c->text == (const char *)ix->data && c->text_len == ix->data_len);
		if (memchr(c->text, 0, c->text_len))
			return; /* the builder takes a C string */
		char *text = fuzz_string((const uint8_t *)c->text, c->text_len);
		FUZZ_CHECK(sol_program_memo(&b, text, NULL, 0, &e) == 0);
		free(text);
		break;
	}
	default:
		sol_instruction_release(&b);
		return;
	}
	FUZZ_CHECK(memcmp(b.program_id, ix->program_id, 32) == 0);
	FUZZ_CHECK(b.data_len == ix->data_len && (b.data_len == 0 || memcmp(b.data, ix->data, b.data_len) == 0));
	sol_instruction_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	struct sol_instruction ix;
	struct sol_call call;
	uint8_t which, shape, key[32];

	if (!fuzz_take_byte(&which, &data, &size) || !fuzz_take_byte(&shape, &data, &size))
		return 0;
	const uint8_t *pid = program(which);
	memset(key, which, sizeof key);
	sol_instruction_init(&ix, pid ? pid : key);

	size_t n_accounts = shape & 15;
	for (size_t i = 0; i < n_accounts; i++) {
		uint8_t roles = 0, k = 0;
		if (!fuzz_take_byte(&roles, &data, &size) || !fuzz_take_byte(&k, &data, &size))
			break;
		const uint8_t *p = (k & 0x80) ? program(k) : NULL;
		memset(key, k, sizeof key);
		FUZZ_CHECK(sol_instruction_add_account(&ix, p ? p : key, roles & 1, (roles & 2) != 0, &e) == 0);
	}
	if ((shape & 16) && ix.accounts_len >= 6)
		(void)!sol_pda_ata(ix.accounts[1].pubkey, ix.accounts[2].pubkey, ix.accounts[3].pubkey,
				   ix.accounts[5].pubkey, &e);
	FUZZ_CHECK(sol_instruction_set_data(&ix, data, size, &e) == 0);

	if (sol_program_decode(&call, &ix, &e) == 0)
		rebuild(&call, &ix);
	else
		FUZZ_CHECK(call.kind == SOL_CALL_UNKNOWN && e.code == ERR_USAGE);
	sol_instruction_release(&ix);
	return 0;
}
