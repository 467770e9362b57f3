/* Instruction layouts from the programs' documented interfaces: the System
 * program's instructions are bincode (u32 tag, little-endian integers), the
 * SPL programs' a one-byte tag and little-endian integers; both coincide with
 * Borsh for these types. */
#include "config.h"

#include <string.h>

#include "chains/solana/programs.h"
#include "chains/solana/borsh.h"
#include "chains/solana/pda.h"

/* 11111111111111111111111111111111 */
const uint8_t sol_program_id_system[32] = {0};
/* TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA */
const uint8_t sol_program_id_token[32] = {
	0x06, 0xdd, 0xf6, 0xe1, 0xd7, 0x65, 0xa1, 0x93, 0xd9, 0xcb, 0xe1, 0x46, 0xce, 0xeb, 0x79, 0xac,
	0x1c, 0xb4, 0x85, 0xed, 0x5f, 0x5b, 0x37, 0x91, 0x3a, 0x8c, 0xf5, 0x85, 0x7e, 0xff, 0x00, 0xa9,
};
/* TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb */
const uint8_t sol_program_id_token_2022[32] = {
	0x06, 0xdd, 0xf6, 0xe1, 0xee, 0x75, 0x8f, 0xde, 0x18, 0x42, 0x5d, 0xbc, 0xe4, 0x6c, 0xcd, 0xda,
	0xb6, 0x1a, 0xfc, 0x4d, 0x83, 0xb9, 0x0d, 0x27, 0xfe, 0xbd, 0xf9, 0x28, 0xd8, 0xa1, 0x8b, 0xfc,
};
/* ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL */
const uint8_t sol_program_id_ata[32] = {
	0x8c, 0x97, 0x25, 0x8f, 0x4e, 0x24, 0x89, 0xf1, 0xbb, 0x3d, 0x10, 0x29, 0x14, 0x8e, 0x0d, 0x83,
	0x0b, 0x5a, 0x13, 0x99, 0xda, 0xff, 0x10, 0x84, 0x04, 0x8e, 0x7b, 0xd8, 0xdb, 0xe9, 0xf8, 0x59,
};
/* ComputeBudget111111111111111111111111111111 */
const uint8_t sol_program_id_compute_budget[32] = {
	0x03, 0x06, 0x46, 0x6f, 0xe5, 0x21, 0x17, 0x32, 0xff, 0xec, 0xad, 0xba, 0x72, 0xc3, 0x9b, 0xe7,
	0xbc, 0x8c, 0xe5, 0xbb, 0xc5, 0xf7, 0x12, 0x6b, 0x2c, 0x43, 0x9b, 0x3a, 0x40, 0x00, 0x00, 0x00,
};
/* MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr */
const uint8_t sol_program_id_memo[32] = {
	0x05, 0x4a, 0x53, 0x5a, 0x99, 0x29, 0x21, 0x06, 0x4d, 0x24, 0xe8, 0x71, 0x60, 0xda, 0x38, 0x7c,
	0x7c, 0x35, 0xb5, 0xdd, 0xbc, 0x92, 0xbb, 0x81, 0xe4, 0x1f, 0xa8, 0x40, 0x41, 0x05, 0x44, 0x8d,
};

enum {
	SYSTEM_CREATE_ACCOUNT = 0,
	SYSTEM_TRANSFER = 2,
	TOKEN_TRANSFER_CHECKED = 12,
	ATA_CREATE = 0,
	ATA_CREATE_IDEMPOTENT = 1,
	CB_SET_COMPUTE_UNIT_LIMIT = 2,
	CB_SET_COMPUTE_UNIT_PRICE = 3,
};

struct meta {
	const uint8_t *key;
	bool signer, writable;
};

/* Fills ix with program, accounts and the writer's data; empty on failure. */
static int build(struct sol_instruction *ix, const uint8_t program[32], const struct meta *m, size_t n,
		 const struct borsh_writer *w, struct error *e)
{
	size_t len;
	int rc;

	sol_instruction_release(ix);
	sol_instruction_init(ix, program);
	if ((rc = borsh_writer_finish(&len, w, e)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = sol_instruction_add_account(ix, m[i].key, m[i].signer, m[i].writable, e)))
			goto fail;
	if ((rc = sol_instruction_set_data(ix, w->buf, len, e)))
		goto fail;
	return ERR_OK;
fail:
	sol_instruction_release(ix);
	return rc;
}

static bool is_token_program(const uint8_t p[32])
{
	return memcmp(p, sol_program_id_token, 32) == 0 || memcmp(p, sol_program_id_token_2022, 32) == 0;
}

int sol_program_system_transfer(struct sol_instruction *ix, const uint8_t from[32], const uint8_t to[32],
				uint64_t lamports, struct error *e)
{
	uint8_t buf[12];
	struct borsh_writer w;
	const struct meta m[] = {{from, true, true}, {to, false, true}};

	borsh_writer_init(&w, buf, sizeof buf);
	borsh_write_u32(&w, SYSTEM_TRANSFER);
	borsh_write_u64(&w, lamports);
	return build(ix, sol_program_id_system, m, 2, &w, e);
}

int sol_program_system_create_account(struct sol_instruction *ix, const uint8_t from[32],
				      const uint8_t new_account[32], uint64_t lamports, uint64_t space,
				      const uint8_t owner[32], struct error *e)
{
	uint8_t buf[52];
	struct borsh_writer w;
	const struct meta m[] = {{from, true, true}, {new_account, true, true}};

	borsh_writer_init(&w, buf, sizeof buf);
	borsh_write_u32(&w, SYSTEM_CREATE_ACCOUNT);
	borsh_write_u64(&w, lamports);
	borsh_write_u64(&w, space);
	borsh_write_fixed(&w, owner, 32);
	return build(ix, sol_program_id_system, m, 2, &w, e);
}

int sol_program_token_transfer_checked(struct sol_instruction *ix, const uint8_t token_program[32],
				       const uint8_t source[32], const uint8_t mint[32],
				       const uint8_t destination[32], const uint8_t owner[32], uint64_t amount,
				       uint8_t decimals, struct error *e)
{
	uint8_t buf[10];
	struct borsh_writer w;
	const struct meta m[] = {
		{source, false, true}, {mint, false, false}, {destination, false, true}, {owner, true, false}};

	sol_instruction_release(ix);
	if (!is_token_program(token_program))
		return error_set(e, ERR_USAGE, "token program is neither Token nor Token-2022");
	borsh_writer_init(&w, buf, sizeof buf);
	borsh_write_u8(&w, TOKEN_TRANSFER_CHECKED);
	borsh_write_u64(&w, amount);
	borsh_write_u8(&w, decimals);
	return build(ix, token_program, m, 4, &w, e);
}

int sol_program_ata_create_idempotent(struct sol_instruction *ix, const uint8_t payer[32],
				      const uint8_t wallet[32], const uint8_t mint[32],
				      const uint8_t token_program[32], struct error *e)
{
	uint8_t buf[1], ata[32];
	struct borsh_writer w;
	const struct meta m[] = {{payer, true, true},		 {ata, false, true},
				 {wallet, false, false},	 {mint, false, false},
				 {sol_program_id_system, false, false}, {token_program, false, false}};
	int rc;

	sol_instruction_release(ix);
	if ((rc = sol_pda_ata(ata, wallet, mint, token_program, e)))
		return rc;
	borsh_writer_init(&w, buf, sizeof buf);
	borsh_write_u8(&w, ATA_CREATE_IDEMPOTENT);
	return build(ix, sol_program_id_ata, m, 6, &w, e);
}

int sol_program_compute_unit_limit(struct sol_instruction *ix, uint32_t units, struct error *e)
{
	uint8_t buf[5];
	struct borsh_writer w;

	borsh_writer_init(&w, buf, sizeof buf);
	borsh_write_u8(&w, CB_SET_COMPUTE_UNIT_LIMIT);
	borsh_write_u32(&w, units);
	return build(ix, sol_program_id_compute_budget, NULL, 0, &w, e);
}

int sol_program_compute_unit_price(struct sol_instruction *ix, uint64_t micro_lamports, struct error *e)
{
	uint8_t buf[9];
	struct borsh_writer w;

	borsh_writer_init(&w, buf, sizeof buf);
	borsh_write_u8(&w, CB_SET_COMPUTE_UNIT_PRICE);
	borsh_write_u64(&w, micro_lamports);
	return build(ix, sol_program_id_compute_budget, NULL, 0, &w, e);
}

int sol_program_memo(struct sol_instruction *ix, const char *text, const uint8_t (*signers)[32],
		     size_t signers_len, struct error *e)
{
	size_t len = strlen(text);
	int rc;

	sol_instruction_release(ix);
	sol_instruction_init(ix, sol_program_id_memo);
	if (!borsh_utf8_valid((const uint8_t *)text, len))
		return error_set(e, ERR_USAGE, "memo is not valid UTF-8 text");
	for (size_t i = 0; i < signers_len; i++)
		if ((rc = sol_instruction_add_account(ix, signers[i], true, false, e)))
			goto fail;
	if ((rc = sol_instruction_set_data(ix, (const uint8_t *)text, len, e)))
		goto fail;
	return ERR_OK;
fail:
	sol_instruction_release(ix);
	return rc;
}

/* ---- decoding ---- */

static int need(const struct sol_instruction *ix, size_t accounts, size_t data_len, const char *what,
		struct error *e)
{
	if (ix->data_len != data_len)
		return error_set(e, ERR_USAGE, "%s data is %zu bytes, not %zu", what, ix->data_len, data_len);
	if (ix->accounts_len < accounts)
		return error_set(e, ERR_USAGE, "%s has %zu accounts, fewer than %zu", what, ix->accounts_len,
				 accounts);
	return ERR_OK;
}

static int role(const struct sol_instruction *ix, size_t i, bool signer, bool writable, const char *what,
		const char *name, struct error *e)
{
	const struct sol_account_meta *a = &ix->accounts[i];
	if (signer && !a->is_signer)
		return error_set(e, ERR_USAGE, "%s: the %s does not sign", what, name);
	if (writable && !a->is_writable)
		return error_set(e, ERR_USAGE, "%s: the %s is not writable", what, name);
	return ERR_OK;
}

static int decode_system(struct sol_call *c, const struct sol_instruction *ix, struct error *e)
{
	struct borsh_reader r;
	uint32_t tag;
	int rc;

	borsh_reader_init(&r, ix->data, ix->data_len);
	if (borsh_read_u32(&r, &tag))
		return ERR_OK; /* unknown */
	if (tag == SYSTEM_TRANSFER) {
		const char *what = "system transfer";
		if ((rc = need(ix, 2, 12, what, e)) || (rc = role(ix, 0, true, true, what, "sender", e)) ||
		    (rc = role(ix, 1, false, true, what, "recipient", e)) || (rc = borsh_read_u64(&r, &c->amount)))
			return rc;
		c->kind = SOL_CALL_SYSTEM_TRANSFER;
		c->from = ix->accounts[0].pubkey;
		c->to = ix->accounts[1].pubkey;
	} else if (tag == SYSTEM_CREATE_ACCOUNT) {
		const char *what = "system create account";
		if ((rc = need(ix, 2, 52, what, e)) || (rc = role(ix, 0, true, true, what, "funder", e)) ||
		    (rc = role(ix, 1, true, true, what, "new account", e)) ||
		    (rc = borsh_read_u64(&r, &c->amount)) || (rc = borsh_read_u64(&r, &c->space)))
			return rc;
		c->kind = SOL_CALL_SYSTEM_CREATE_ACCOUNT;
		c->from = ix->accounts[0].pubkey;
		c->to = ix->accounts[1].pubkey;
		c->owner = ix->data + 20;
	}
	return ERR_OK;
}

static int decode_token(struct sol_call *c, const struct sol_instruction *ix, struct error *e)
{
	const char *what = "token transfer_checked";
	struct borsh_reader r;
	int rc;

	if (ix->data_len == 0 || ix->data[0] != TOKEN_TRANSFER_CHECKED)
		return ERR_OK;
	if ((rc = need(ix, 4, 10, what, e)) || (rc = role(ix, 0, false, true, what, "source", e)) ||
	    (rc = role(ix, 2, false, true, what, "destination", e)))
		return rc;
	/* the owner signs, or is a multisig whose signers follow it */
	if (!ix->accounts[3].is_signer && (ix->accounts_len < 5 || !ix->accounts[4].is_signer))
		return error_set(e, ERR_USAGE, "%s: the owner does not sign", what);
	borsh_reader_init(&r, ix->data + 1, ix->data_len - 1);
	if ((rc = borsh_read_u64(&r, &c->amount)) || (rc = borsh_read_u8(&r, &c->decimals)))
		return rc;
	c->kind = SOL_CALL_TOKEN_TRANSFER_CHECKED;
	c->from = ix->accounts[0].pubkey;
	c->mint = ix->accounts[1].pubkey;
	c->to = ix->accounts[2].pubkey;
	c->authority = ix->accounts[3].pubkey;
	c->program = ix->program_id;
	return ERR_OK;
}

static int decode_ata(struct sol_call *c, const struct sol_instruction *ix, struct error *e)
{
	const char *what = "associated token account create";
	uint8_t ata[32];
	int rc;

	if (ix->data_len > 1 || (ix->data_len == 1 && ix->data[0] > ATA_CREATE_IDEMPOTENT))
		return ERR_OK;
	if ((rc = need(ix, 6, ix->data_len, what, e)) || (rc = role(ix, 0, true, true, what, "payer", e)) ||
	    (rc = role(ix, 1, false, true, what, "token account", e)))
		return rc;
	if (memcmp(ix->accounts[4].pubkey, sol_program_id_system, 32) != 0)
		return error_set(e, ERR_USAGE, "%s: account 4 is not the system program", what);
	if ((rc = sol_pda_ata(ata, ix->accounts[2].pubkey, ix->accounts[3].pubkey, ix->accounts[5].pubkey, e)))
		return error_wrap(e, "%s", what);
	if (memcmp(ata, ix->accounts[1].pubkey, 32) != 0)
		return error_set(e, ERR_USAGE, "%s: the token account is not the wallet's associated account",
				 what);
	c->kind = ix->data_len == 1 && ix->data[0] == ATA_CREATE_IDEMPOTENT ? SOL_CALL_ATA_CREATE_IDEMPOTENT
									   : SOL_CALL_ATA_CREATE;
	c->from = ix->accounts[0].pubkey;
	c->to = ix->accounts[1].pubkey;
	c->owner = ix->accounts[2].pubkey;
	c->mint = ix->accounts[3].pubkey;
	c->program = ix->accounts[5].pubkey;
	return ERR_OK;
}

static int decode_compute_budget(struct sol_call *c, const struct sol_instruction *ix, struct error *e)
{
	struct borsh_reader r;
	uint32_t units;
	int rc;

	if (ix->data_len == 0)
		return ERR_OK;
	borsh_reader_init(&r, ix->data + 1, ix->data_len - 1);
	if (ix->data[0] == CB_SET_COMPUTE_UNIT_LIMIT) {
		if ((rc = need(ix, 0, 5, "compute unit limit", e)) || (rc = borsh_read_u32(&r, &units)))
			return rc;
		c->kind = SOL_CALL_COMPUTE_UNIT_LIMIT;
		c->amount = units;
	} else if (ix->data[0] == CB_SET_COMPUTE_UNIT_PRICE) {
		if ((rc = need(ix, 0, 9, "compute unit price", e)) || (rc = borsh_read_u64(&r, &c->amount)))
			return rc;
		c->kind = SOL_CALL_COMPUTE_UNIT_PRICE;
	}
	return ERR_OK;
}

int sol_program_decode(struct sol_call *out, const struct sol_instruction *ix, struct error *e)
{
	int rc = ERR_OK;

	memset(out, 0, sizeof *out);
	out->kind = SOL_CALL_UNKNOWN;
	out->program = ix->program_id;
	if (memcmp(ix->program_id, sol_program_id_system, 32) == 0) {
		rc = decode_system(out, ix, e);
	} else if (is_token_program(ix->program_id)) {
		rc = decode_token(out, ix, e);
	} else if (memcmp(ix->program_id, sol_program_id_ata, 32) == 0) {
		rc = decode_ata(out, ix, e);
	} else if (memcmp(ix->program_id, sol_program_id_compute_budget, 32) == 0) {
		rc = decode_compute_budget(out, ix, e);
	} else if (memcmp(ix->program_id, sol_program_id_memo, 32) == 0) {
		if (!borsh_utf8_valid(ix->data, ix->data_len))
			return error_set(e, ERR_USAGE, "memo is not valid UTF-8 text");
		for (size_t i = 0; i < ix->accounts_len; i++)
			if (!ix->accounts[i].is_signer)
				return error_set(e, ERR_USAGE, "memo: account %zu does not sign", i);
		out->kind = SOL_CALL_MEMO;
		out->text = (const char *)ix->data;
		out->text_len = ix->data_len;
	}
	if (rc) {
		memset(out, 0, sizeof *out);
		out->kind = SOL_CALL_UNKNOWN;
	}
	return rc;
}
