/* Contract ABI decoding of hostile data (chains/evm/abi.h): return data as
 * a fixed list of tuple types, call data, event logs and revert data. The
 * first byte picks what the rest is decoded as.
 *
 * A decoded value encodes again (abi_encode_params checks it against the
 * type), and that encoding decodes to the same value; its text
 * (abi_value_format) parses back (abi_value_parse) to the same encoding. */
#include "config.h"
#include "fuzz.h"

#include "chains/evm/abi.h"

static const char *const tuples[] = {
	"(uint256)",
	"(address,uint256)",
	"(bool,int8,bytes4,uint16,int256)",
	"(string)",
	"(bytes,string[])",
	"(uint256[])",
	"(uint8[3][],address)",
	"((uint256,string)[],bytes32)",
	"(int256,(bool,bytes)[2],string)",
	"(uint256[][][],bytes[])",
	"((address,(uint64,bytes))[],int24)",
	"(string[2][],(uint8,bytes1[])[1])",
	"(uint256,address,bytes,string,uint8[],(bool,bytes32)[])",
	"(bytes[][])",
};
#define N_TUPLES (sizeof tuples / sizeof tuples[0])

static const char *const functions[] = {
	"transfer(address,uint256)",
	"multicall(bytes[])",
	"swap((address,address,uint24,address,uint256,uint256,uint160),bytes)",
};
#define N_FUNCTIONS (sizeof functions / sizeof functions[0])

static const char *const events[] = {
	"Transfer(address indexed from,address indexed to,uint256 value)",
	"Note(string indexed tag,bytes data,uint256[] indexed ids)",
};
#define N_EVENTS (sizeof events / sizeof events[0])

static const char *const custom_errors[] = {
	"InsufficientBalance(uint256,uint256)",
	"Unauthorized(address)",
	"Bad(string,int8)",
};

/* What was decoded from anywhere: encode, decode, compare; format, parse,
 * compare encodings. */
static void check_value(const struct abi_type *tuple, const struct abi_value *v)
{
	struct error e = {0};
	struct abi_value again, parsed;
	uint8_t *enc = NULL, *enc2 = NULL;
	size_t enc_len = 0, enc2_len = 0;
	char *text = NULL, *text2 = NULL;

	FUZZ_CHECK(v->kind == ABI_TUPLE && v->count == tuple->count);
	FUZZ_CHECK(abi_value_format(&text, v, &e) == 0);
	FUZZ_CHECK(abi_encode_params(&enc, &enc_len, tuple, v, &e) == 0);
	FUZZ_CHECK(abi_decode_params(&again, tuple, enc, enc_len, &e) == 0);
	FUZZ_CHECK(abi_value_format(&text2, &again, &e) == 0);
	FUZZ_CHECK(strcmp(text, text2) == 0);
	abi_value_release(&again);

	if (abi_value_parse(&parsed, tuple, text, &e) != 0) {
		fprintf(stderr, "abi_value_parse refuses abi_value_format's '%s': %s\n", text, e.msg);
		FUZZ_CHECK(!"formatted value parses");
	}
	FUZZ_CHECK(abi_encode_params(&enc2, &enc2_len, tuple, &parsed, &e) == 0);
	FUZZ_CHECK(enc2_len == enc_len && (enc_len == 0 || memcmp(enc, enc2, enc_len) == 0));
	abi_value_release(&parsed);
	free(enc);
	free(enc2);
	free(text);
	free(text2);
}

static void fuzz_params(unsigned which, const uint8_t *data, size_t size)
{
	struct error e = {0};
	struct abi_type *t = NULL;
	struct abi_value v;

	FUZZ_CHECK(abi_type_parse(&t, tuples[which], &e) == 0);
	if (abi_decode_params(&v, t, data, size, &e) == 0) {
		check_value(t, &v);
		abi_value_release(&v);
	} else {
		FUZZ_CHECK((e.code == ERR_USAGE || e.code == ERR_FAIL) && strstr(e.msg, "abi: ") != NULL);
	}
	abi_type_free(t);
}

static void fuzz_call(unsigned which, const uint8_t *data, size_t size)
{
	struct error e = {0};
	struct abi_func f;
	struct abi_value v;

	FUZZ_CHECK(abi_func_parse(&f, functions[which], &e) == 0);
	/* the selector is usually right; let the input have it wrong too */
	uint8_t *call = malloc(size + 4);
	FUZZ_CHECK(call != NULL);
	memcpy(call, f.selector, 4);
	if (size)
		memcpy(call + 4, data, size);
	if (abi_decode_call(&v, &f, call, size + 4, &e) == 0) {
		check_value(f.inputs, &v);
		abi_value_release(&v);
	}
	if (abi_decode_call(&v, &f, data, size, &e) == 0)
		abi_value_release(&v);
	free(call);
	abi_func_release(&f);
}

static void fuzz_log(unsigned which, const uint8_t *data, size_t size)
{
	struct error e = {0};
	struct abi_func ev;
	struct abi_value v;
	uint8_t n_topics = 0, flags = 0;

	if (!fuzz_take_byte(&n_topics, &data, &size) || !fuzz_take_byte(&flags, &data, &size))
		return;
	n_topics %= 5;
	if (size < (size_t)n_topics * 32)
		return;
	uint8_t (*topics)[32] = malloc(n_topics ? n_topics * 32u : 1);
	FUZZ_CHECK(topics != NULL);
	if (n_topics)
		memcpy(topics, data, n_topics * 32u);
	data += n_topics * 32u;
	size -= n_topics * 32u;
	FUZZ_CHECK(abi_func_parse(&ev, events[which], &e) == 0);
	if ((flags & 1) && n_topics)
		memcpy(topics[0], ev.topic, 32);
	if (abi_decode_log(&v, &ev, (flags & 2) != 0, (const uint8_t (*)[32])topics, n_topics, data, size, &e) == 0) {
		char *text = NULL;
		FUZZ_CHECK(v.kind == ABI_TUPLE && v.count == ev.inputs->count);
		FUZZ_CHECK(abi_value_format(&text, &v, &e) == 0);
		free(text);
		abi_value_release(&v);
	}
	abi_func_release(&ev);
	free(topics);
}

static void fuzz_revert(const uint8_t *data, size_t size)
{
	struct error e = {0};
	char *text = NULL;

	if (abi_decode_revert(&text, data, size, custom_errors, sizeof custom_errors / sizeof custom_errors[0],
			      &e) == 0) {
		FUZZ_CHECK(text != NULL);
		/* escaped for a terminal: no control characters */
		for (const char *p = text; *p; p++)
			FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f);
		free(text);
	} else {
		FUZZ_CHECK(text == NULL);
	}
	if (abi_decode_revert(&text, data, size, NULL, 0, &e) == 0)
		free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t sel;
	if (!fuzz_take_byte(&sel, &data, &size))
		return 0;
	uint8_t *in = fuzz_copy(data, size);
	unsigned modes = (unsigned)(N_TUPLES + N_FUNCTIONS + N_EVENTS + 1);
	unsigned m = sel % modes;
	if (m < N_TUPLES)
		fuzz_params(m, in, size);
	else if ((m -= (unsigned)N_TUPLES) < N_FUNCTIONS)
		fuzz_call(m, in, size);
	else if ((m -= (unsigned)N_FUNCTIONS) < N_EVENTS)
		fuzz_log(m, in, size);
	else
		fuzz_revert(in, size);
	free(in);
	return 0;
}
