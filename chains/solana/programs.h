/* Instructions of Solana's native and SPL programs: the System program,
 * SPL Token and Token-2022, the Associated Token Account program, Compute
 * Budget and Memo. Builders fill a struct sol_instruction (released first;
 * left empty on failure); sol_program_decode reads one back for display and
 * checks before signing. */
#ifndef DEPINCTL_SOL_PROGRAMS_H
#define DEPINCTL_SOL_PROGRAMS_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "chains/solana/message.h"

extern const uint8_t sol_program_id_system[32];         /* 11111111111111111111111111111111 */
extern const uint8_t sol_program_id_token[32];          /* TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA */
extern const uint8_t sol_program_id_token_2022[32];     /* TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb */
extern const uint8_t sol_program_id_ata[32];            /* ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL */
extern const uint8_t sol_program_id_compute_budget[32]; /* ComputeBudget111111111111111111111111111111 */
extern const uint8_t sol_program_id_memo[32];           /* MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr */

/* System Transfer (2): from (signer, writable) pays lamports to to (writable). */
int sol_program_system_transfer(struct sol_instruction *ix, const uint8_t from[32], const uint8_t to[32],
				uint64_t lamports, struct error *e) WUR;
/* System CreateAccount (0): from funds new_account (both sign) with lamports
 * and space bytes, owned by owner. */
int sol_program_system_create_account(struct sol_instruction *ix, const uint8_t from[32],
				      const uint8_t new_account[32], uint64_t lamports, uint64_t space,
				      const uint8_t owner[32], struct error *e) WUR;
/* Token TransferChecked (12) for token_program Token or Token-2022 (ERR_USAGE
 * otherwise): amount base units with the mint's decimals from the token
 * account source to destination, signed by source's owner. */
int sol_program_token_transfer_checked(struct sol_instruction *ix, const uint8_t token_program[32],
				       const uint8_t source[32], const uint8_t mint[32],
				       const uint8_t destination[32], const uint8_t owner[32], uint64_t amount,
				       uint8_t decimals, struct error *e) WUR;
/* Associated Token Account CreateIdempotent (1): payer creates wallet's
 * associated token account for mint unless it exists (the address is
 * derived here). */
int sol_program_ata_create_idempotent(struct sol_instruction *ix, const uint8_t payer[32],
				      const uint8_t wallet[32], const uint8_t mint[32],
				      const uint8_t token_program[32], struct error *e) WUR;
/* Compute Budget SetComputeUnitLimit (2) and SetComputeUnitPrice (3, in
 * micro-lamports per compute unit). */
int sol_program_compute_unit_limit(struct sol_instruction *ix, uint32_t units, struct error *e) WUR;
int sol_program_compute_unit_price(struct sol_instruction *ix, uint64_t micro_lamports,
				   struct error *e) WUR;
/* Memo (v2): UTF-8 text (ERR_USAGE otherwise), signed by signers (may be none). */
int sol_program_memo(struct sol_instruction *ix, const char *text, const uint8_t (*signers)[32],
		     size_t signers_len, struct error *e) WUR;

enum sol_call_kind {
	SOL_CALL_UNKNOWN, /* another program, or an instruction not listed here */
	SOL_CALL_SYSTEM_TRANSFER,
	SOL_CALL_SYSTEM_CREATE_ACCOUNT,
	SOL_CALL_TOKEN_TRANSFER_CHECKED,
	SOL_CALL_ATA_CREATE,
	SOL_CALL_ATA_CREATE_IDEMPOTENT,
	SOL_CALL_COMPUTE_UNIT_LIMIT,
	SOL_CALL_COMPUTE_UNIT_PRICE,
	SOL_CALL_MEMO,
};

/* A decoded instruction. Keys point into the instruction; NULL when the kind
 * has no such role.
 *   system transfer:        from, to, amount (lamports)
 *   system create account:  from, to (the new account), amount (lamports), space, owner (program)
 *   token transfer_checked: from (source token account), to (destination), mint,
 *                           authority (source's owner), amount, decimals, program
 *   ATA create(_idempotent): from (payer), to (the token account), owner (wallet), mint,
 *                           program (the token program)
 *   compute unit limit / price: amount (units / micro-lamports)
 *   memo:                   text, text_len (UTF-8, not NUL-terminated) */
struct sol_call {
	enum sol_call_kind kind;
	const uint8_t *from, *to, *mint, *authority, *owner, *program;
	uint64_t amount;
	uint64_t space;
	uint8_t decimals;
	const char *text;
	size_t text_len;
};

/* Decodes ix. A known program's instruction with the wrong data length, too
 * few accounts, an account in the wrong role or a mismatched derived address
 * is refused (ERR_USAGE); anything else unknown is SOL_CALL_UNKNOWN. */
int sol_program_decode(struct sol_call *out, const struct sol_instruction *ix, struct error *e) WUR;

#endif
