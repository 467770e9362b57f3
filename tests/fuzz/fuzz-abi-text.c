/* Contract ABI types, signatures and values from text (chains/evm/abi.h):
 * the input is "TYPE\nVALUE". A parsed type formats canonically, and the
 * canonical form parses to the same form; a value parsed against it encodes,
 * decodes back to the same value, and its formatted text parses back to the
 * same encoding. The TYPE line is also tried as a function signature. */
#include "config.h"
#include "fuzz.h"

#include "chains/evm/abi.h"

static void check_value(const struct abi_type *t, const char *text)
{
	struct error e = {0};
	struct abi_type tuple = {.kind = ABI_TUPLE, .count = 1};
	struct abi_value v, top, back;
	uint8_t *enc = NULL, *enc2 = NULL;
	size_t enc_len = 0, enc2_len = 0;
	char *shown = NULL, *shown2 = NULL;

	if (abi_value_parse(&v, t, text, &e) != 0)
		return;
	/* encode it as the one member of a tuple */
	tuple.members = (struct abi_type *)t;
	FUZZ_CHECK(abi_value_tuple(&top, 1) == 0);
	top.items[0] = v;
	if (abi_encode_params(&enc, &enc_len, &tuple, &top, &e) != 0) {
		fprintf(stderr, "a parsed value does not encode: %s\n", e.msg);
		FUZZ_CHECK(!"parsed values encode");
	}
	FUZZ_CHECK(abi_decode_params(&back, &tuple, enc, enc_len, &e) == 0);
	FUZZ_CHECK(abi_value_format(&shown, &top, &e) == 0);
	FUZZ_CHECK(abi_value_format(&shown2, &back, &e) == 0);
	FUZZ_CHECK(strcmp(shown, shown2) == 0);
	abi_value_release(&back);
	free(shown2);
	shown2 = NULL;

	/* the formatted text of the member parses to the same encoding (a
	 * string alone is taken raw, not quoted: nothing to compare there) */
	if (t->kind == ABI_STRING)
		goto out;
	FUZZ_CHECK(abi_value_format(&shown2, &top.items[0], &e) == 0);
	if (abi_value_parse(&back, t, shown2, &e) != 0) {
		fprintf(stderr, "abi_value_parse refuses abi_value_format's '%s': %s\n", shown2, e.msg);
		FUZZ_CHECK(!"formatted value parses");
	}
	abi_value_release(&top.items[0]);
	top.items[0] = back;
	FUZZ_CHECK(abi_encode_params(&enc2, &enc2_len, &tuple, &top, &e) == 0);
	FUZZ_CHECK(enc2_len == enc_len && (enc_len == 0 || memcmp(enc, enc2, enc_len) == 0));
out:
	abi_value_release(&top);
	free(enc);
	free(enc2);
	free(shown);
	free(shown2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	char *s = fuzz_string(data, size);
	char *nl = strchr(s, '\n');
	const char *value = "";
	struct abi_type *t = NULL, *t2 = NULL;
	struct abi_func f;
	char canon[4096], canon2[4096];

	if (nl) {
		*nl = '\0';
		value = nl + 1;
	}
	if (abi_type_parse(&t, s, &e) == 0) {
		if (abi_type_format(canon, sizeof canon, t) == 0) {
			FUZZ_CHECK(abi_type_parse(&t2, canon, &e) == 0);
			FUZZ_CHECK(abi_type_format(canon2, sizeof canon2, t2) == 0);
			FUZZ_CHECK(strcmp(canon, canon2) == 0);
			FUZZ_CHECK(abi_type_is_dynamic(t) == abi_type_is_dynamic(t2));
			abi_type_free(t2);
		}
		check_value(t, value);
		abi_type_free(t);
	} else {
		FUZZ_CHECK(t == NULL && e.code != 0);
	}
	if (abi_func_parse(&f, s, &e) == 0) {
		FUZZ_CHECK(f.signature && f.inputs && f.inputs->kind == ABI_TUPLE);
		uint8_t sel[4];
		abi_selector(sel, f.signature);
		FUZZ_CHECK(memcmp(sel, f.selector, 4) == 0 && memcmp(sel, f.topic, 4) == 0);
		/* one text argument per input, all of them the value line */
		const char *argv[8];
		uint8_t *call = NULL;
		size_t call_len = 0;
		if (f.inputs->count <= 8) {
			for (size_t i = 0; i < f.inputs->count; i++)
				argv[i] = value;
			if (abi_encode_call_text(&call, &call_len, f.signature, argv, f.inputs->count, &e) == 0) {
				struct abi_value v;
				FUZZ_CHECK(call_len >= 4 && memcmp(call, f.selector, 4) == 0);
				FUZZ_CHECK(abi_decode_call(&v, &f, call, call_len, &e) == 0);
				abi_value_release(&v);
				free(call);
			}
		}
		abi_func_release(&f);
	}
	free(s);
	return 0;
}
