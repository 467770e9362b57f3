/* Solana messages: legacy and version 0 (address lookup tables).
 *
 * Instructions are built as struct sol_instruction (program, account metas,
 * data) and compiled into a struct sol_message: the fee payer first, then
 * writable signers, read-only signers, writable non-signers and read-only
 * non-signers, each group in order of first use, a program before its
 * instruction's accounts (the order @solana/web3.js's TransactionMessage
 * compiles). A v0 message loads writable and read-only non-signers that are
 * not invoked programs from the lookup tables given, table by table.
 *
 * Parsing is strict and safe on hostile input: every length is checked
 * against the bytes left, and the result passes sol_message_check. */
#ifndef DEPINCTL_SOL_MESSAGE_H
#define DEPINCTL_SOL_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "error.h"

#define SOL_KEY_LEN 32
#define SOL_SIG_LEN 64
#define SOL_PACKET_MAX 1232     /* the largest serialized transaction */
#define SOL_MESSAGE_LEGACY (-1) /* sol_message.version of a legacy message */
#define SOL_MAX_ACCOUNTS 256    /* static and loaded keys: indexes are one byte */
#define SOL_LOOKUP_TABLE_MAX 256 /* addresses in one lookup table */

struct sol_account_meta {
	uint8_t pubkey[SOL_KEY_LEN];
	bool is_signer;
	bool is_writable;
};

/* An instruction before compilation. accounts and data are malloc'd and
 * owned by the instruction. */
struct sol_instruction {
	uint8_t program_id[SOL_KEY_LEN];
	struct sol_account_meta *accounts;
	size_t accounts_len;
	uint8_t *data;
	size_t data_len;
};

void sol_instruction_init(struct sol_instruction *ix, const uint8_t program_id[SOL_KEY_LEN]);
/* Appends an account meta. ERR_FAIL when out of memory. */
int sol_instruction_add_account(struct sol_instruction *ix, const uint8_t pubkey[SOL_KEY_LEN],
				bool is_signer, bool is_writable, struct error *e) WUR;
/* Replaces the data with a copy of data[0..len). */
int sol_instruction_set_data(struct sol_instruction *ix, const uint8_t *data, size_t len,
			     struct error *e) WUR;
void sol_instruction_release(struct sol_instruction *ix);
/* Releases n instructions of an array. */
void sol_instructions_release(struct sol_instruction *ixs, size_t n);

/* A compiled instruction: indexes into the message's account list. */
struct sol_compiled_instruction {
	uint8_t program_index;
	uint8_t *accounts;
	size_t accounts_len;
	uint8_t *data;
	size_t data_len;
};

/* A v0 message's address table lookup: indexes into the table's addresses. */
struct sol_lookup {
	uint8_t table[SOL_KEY_LEN];
	uint8_t *writable;
	size_t writable_len;
	uint8_t *readonly;
	size_t readonly_len;
};

/* An address lookup table's contents, as read from the chain (the caller
 * owns addresses). */
struct sol_lookup_table {
	uint8_t key[SOL_KEY_LEN];
	const uint8_t (*addresses)[SOL_KEY_LEN];
	size_t addresses_len;
};

/* A message. Its account list is the static keys, then the writable keys
 * loaded by every lookup in order, then the read-only ones. */
struct sol_message {
	int version; /* SOL_MESSAGE_LEGACY or 0 */
	uint8_t num_required_signatures;
	uint8_t num_readonly_signed;
	uint8_t num_readonly_unsigned;
	uint8_t (*keys)[SOL_KEY_LEN]; /* static account keys */
	size_t keys_len;
	uint8_t recent_blockhash[SOL_KEY_LEN];
	struct sol_compiled_instruction *instructions;
	size_t instructions_len;
	struct sol_lookup *lookups; /* v0 only */
	size_t lookups_len;
};

void sol_message_init(struct sol_message *m);
void sol_message_release(struct sol_message *m);

/* Compiles instructions into m (released first). version is
 * SOL_MESSAGE_LEGACY or 0; tables (v0 only, may be NULL) are the lookup
 * tables to load accounts from. ERR_USAGE for a message Solana would refuse
 * (more than 256 accounts, a program that is the fee payer, a table with
 * more than 256 addresses, data longer than 65535 bytes). */
int sol_message_compile(struct sol_message *m, int version, const uint8_t payer[SOL_KEY_LEN],
			const uint8_t recent_blockhash[SOL_KEY_LEN], const struct sol_instruction *ixs,
			size_t ixs_len, const struct sol_lookup_table *tables, size_t tables_len,
			struct error *e) WUR;

/* The wire form. ERR_USAGE when m fails sol_message_check or out is too
 * small. */
int sol_message_serialize(uint8_t *out, size_t out_size, size_t *out_len, const struct sol_message *m,
			  struct error *e) WUR;

/* Parses exactly len bytes (trailing bytes are refused) into m (released
 * first; left empty on failure). ERR_USAGE with what failed and where. */
int sol_message_parse(struct sol_message *m, const uint8_t *in, size_t len, struct error *e) WUR;

/* The checks the Solana runtime makes on a message (sanitize), and no
 * repeated static key: the header counts fit the keys and leave a writable
 * fee payer; instructions use existing accounts, invoke a static key and not
 * the fee payer; v0 lookups each load something; 256 accounts at most. */
int sol_message_check(const struct sol_message *m, struct error *e) WUR;

/* Static plus loaded accounts. */
size_t sol_message_account_count(const struct sol_message *m);
size_t sol_message_loaded_writable(const struct sol_message *m);
/* Roles of account i of the full list (static then loaded), from the header
 * and the lookups; false for i out of range. (The runtime further treats an
 * invoked program or a reserved account as read-only whatever the header
 * says; these report what the message asks for.) */
bool sol_message_is_signer(const struct sol_message *m, size_t i);
bool sol_message_is_writable(const struct sol_message *m, size_t i);

/* The full account list: the static keys, then the addresses the lookups load
 * from tables (writable ones first). out holds out_len keys, at least
 * sol_message_account_count(m). ERR_NOTFOUND when a lookup's table is not
 * among tables, ERR_USAGE for an index beyond a table's addresses or an
 * account listed twice. */
int sol_message_resolve(uint8_t (*out)[SOL_KEY_LEN], size_t out_len, const struct sol_message *m,
			const struct sol_lookup_table *tables, size_t tables_len, struct error *e) WUR;

/* Instruction i of m as an uncompiled instruction (released first), with
 * its accounts taken from keys (the full list from sol_message_resolve, or
 * m->keys when nothing is loaded) and their roles from the message. */
int sol_message_instruction(struct sol_instruction *out, const struct sol_message *m, size_t i,
			    const uint8_t (*keys)[SOL_KEY_LEN], size_t keys_len, struct error *e) WUR;

#endif
