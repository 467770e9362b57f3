/* Solana messages, legacy and v0 (chains/solana/message.h), as a server
 * hands them over to be signed. What parses passes sol_message_check and
 * serializes back to the same bytes; its lookups resolve against made-up
 * tables; every instruction is taken out (sol_message_instruction), decoded
 * (sol_program_decode), and the instructions compile again into a message
 * that serializes and parses. The compact-u16 decoder runs on the input too. */
#include "config.h"
#include "fuzz.h"

#include "chains/solana/compact.h"
#include "chains/solana/message.h"
#include "chains/solana/programs.h"

/* A table for each lookup: the table's key with byte 31 replaced by the index. */
static uint8_t table_addresses[8][SOL_LOOKUP_TABLE_MAX][SOL_KEY_LEN];

static void check_message(const struct sol_message *m, const uint8_t *in, size_t size)
{
	struct error e = {0};
	uint8_t *out = malloc(size + 1);
	size_t out_len = 0;
	FUZZ_CHECK(out != NULL);

	FUZZ_CHECK(sol_message_check(m, &e) == 0);
	FUZZ_CHECK(sol_message_serialize(out, size, &out_len, m, &e) == 0);
	FUZZ_CHECK(out_len == size && memcmp(out, in, size) == 0);
	if (size > 0)
		FUZZ_CHECK(sol_message_serialize(out, size - 1, &out_len, m, &e) != 0);
	free(out);

	size_t total = sol_message_account_count(m);
	FUZZ_CHECK(total >= m->keys_len && total <= SOL_MAX_ACCOUNTS);
	FUZZ_CHECK(sol_message_is_signer(m, 0) && sol_message_is_writable(m, 0));
	for (size_t i = 0; i <= total; i++) {
		bool s = sol_message_is_signer(m, i);
		(void)sol_message_is_writable(m, i);
		FUZZ_CHECK(!s || i < m->num_required_signatures);
	}
	FUZZ_CHECK(!sol_message_is_signer(m, total) && !sol_message_is_writable(m, total));

	/* the full account list, with the lookups loaded from made-up tables */
	struct sol_lookup_table tables[8];
	size_t n_tables = m->lookups_len < 8 ? m->lookups_len : 8;
	for (size_t t = 0; t < n_tables; t++) {
		memcpy(tables[t].key, m->lookups[t].table, SOL_KEY_LEN);
		for (size_t a = 0; a < SOL_LOOKUP_TABLE_MAX; a++) {
			memcpy(table_addresses[t][a], m->lookups[t].table, SOL_KEY_LEN);
			table_addresses[t][a][30] = (uint8_t)(t + 1);
			table_addresses[t][a][31] = (uint8_t)a;
		}
		tables[t].addresses = (const uint8_t (*)[SOL_KEY_LEN])table_addresses[t];
		tables[t].addresses_len = SOL_LOOKUP_TABLE_MAX;
	}
	uint8_t (*keys)[SOL_KEY_LEN] = malloc((total ? total : 1) * SOL_KEY_LEN);
	FUZZ_CHECK(keys != NULL);
	int rc = sol_message_resolve(keys, total, m, tables, n_tables, &e);
	size_t keys_len = total;
	if (rc != 0) {
		/* without the tables, the static keys alone */
		memcpy(keys, m->keys, m->keys_len * SOL_KEY_LEN);
		keys_len = m->keys_len;
	} else if (total > 0) {
		FUZZ_CHECK(sol_message_resolve(keys, total - 1, m, tables, n_tables, &e) != 0);
	}

	/* the instructions: taken out, decoded, compiled again */
	size_t n_ix = m->instructions_len;
	struct sol_instruction *ixs = calloc(n_ix ? n_ix : 1, sizeof *ixs);
	size_t got = 0;
	FUZZ_CHECK(ixs != NULL);
	for (size_t i = 0; i < n_ix; i++) {
		struct sol_call call;
		sol_instruction_init(&ixs[got], keys[0]);
		if (sol_message_instruction(&ixs[got], m, i, (const uint8_t (*)[SOL_KEY_LEN])keys, keys_len, &e) != 0)
			continue;
		FUZZ_CHECK(ixs[got].accounts_len == m->instructions[i].accounts_len);
		FUZZ_CHECK(ixs[got].data_len == m->instructions[i].data_len);
		if (sol_program_decode(&call, &ixs[got], &e) == 0) {
			if (call.kind == SOL_CALL_MEMO)
				FUZZ_CHECK(call.text_len == ixs[got].data_len);
		} else {
			FUZZ_CHECK(call.kind == SOL_CALL_UNKNOWN);
		}
		got++;
	}
	/* the instructions a valid message holds compile into a valid message */
	if (got == n_ix && rc == 0) {
		struct sol_message again;
		uint8_t wire[SOL_PACKET_MAX * 4];
		size_t wire_len;
		sol_message_init(&again);
		if (sol_message_compile(&again, m->version, keys[0], m->recent_blockhash, ixs, n_ix,
					m->version == SOL_MESSAGE_LEGACY ? NULL : tables, n_tables, &e) == 0) {
			struct sol_message back;
			sol_message_init(&back);
			FUZZ_CHECK(sol_message_serialize(wire, sizeof wire, &wire_len, &again, &e) == 0);
			if (sol_message_parse(&back, wire, wire_len, &e) != 0) {
				fprintf(stderr, "a compiled message does not parse: %s\n", e.msg);
				FUZZ_CHECK(!"compiled messages parse");
			}
			FUZZ_CHECK(back.keys_len == again.keys_len && back.instructions_len == n_ix);
			sol_message_release(&back);
		}
		sol_message_release(&again);
	}
	sol_instructions_release(ixs, got);
	free(ixs);
	free(keys);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	struct sol_message m;
	uint8_t *in = fuzz_copy(data, size);
	uint16_t v;
	size_t used;

	if (sol_compact_u16_decode(&v, &used, in, size, &e) == 0) {
		uint8_t enc[SOL_COMPACT_U16_MAX];
		FUZZ_CHECK(used >= 1 && used <= SOL_COMPACT_U16_MAX && used <= size);
		FUZZ_CHECK(sol_compact_u16_encode(enc, v) == used && memcmp(enc, in, used) == 0);
	}

	sol_message_init(&m);
	if (sol_message_parse(&m, in, size, &e) == 0)
		check_message(&m, in, size);
	else
		FUZZ_CHECK(m.keys_len == 0 && m.instructions_len == 0 && m.lookups_len == 0);
	sol_message_release(&m);
	free(in);
	return 0;
}
