/* Contract ABI against Foundry's cast (tests/fixtures/evm/abi.json, made by
 * tests/fixtures/evm/generate.mjs; the commands are listed in
 * tests/fixtures/evm/README.md): call data from `cast calldata`, parameter
 * encodings from `cast abi-encode`, decodings from `cast decode-calldata` /
 * `cast abi-decode` / `cast decode-error`, selectors from `cast sig`. Then
 * hostile data the decoder must refuse. */
#include "config.h"
#include "tap.h"
#include <cjson/cJSON.h>
#include "hex.h"
#include "keccak.h"
#include "chains/evm/abi.h"

static char *tohex(const uint8_t *p, size_t n)
{
	static char buf[1 << 15];
	buf[0] = '0';
	buf[1] = 'x';
	hex_encode(buf + 2, sizeof buf - 2, p, n);
	return buf;
}

static uint8_t *unhex(size_t *n, const char *s)
{
	uint8_t *b = malloc(strlen(s) / 2 + 1);
	if (!b || hex_decode(b, strlen(s) / 2 + 1, n, s)) {
		printf("Bail out! bad hex %.40s\n", s);
		exit(1);
	}
	return b;
}

/* The items of a tuple value formatted and joined with " | ". */
static char *joined(const struct abi_value *v)
{
	static char buf[1 << 14];
	buf[0] = 0;
	for (size_t i = 0; i < v->count; i++) {
		char *s;
		struct error e = {0};
		if (abi_value_format(&s, &v->items[i], &e))
			return "(format failed)";
		if (i)
			strcat(buf, " | ");
		strncat(buf, s, sizeof buf - strlen(buf) - 1);
		free(s);
	}
	return buf;
}

static char *joined_json(const cJSON *arr)
{
	static char buf[1 << 14];
	const cJSON *it;
	int i = 0;
	buf[0] = 0;
	cJSON_ArrayForEach(it, arr)
	{
		if (i++)
			strcat(buf, " | ");
		strncat(buf, it->valuestring, sizeof buf - strlen(buf) - 1);
	}
	return buf;
}

static const char **args_of(const cJSON *arr, size_t *n)
{
	static const char *argv[32];
	const cJSON *it;
	*n = 0;
	cJSON_ArrayForEach(it, arr)
		argv[(*n)++] = it->valuestring;
	return argv;
}

static cJSON *doc;

static void test_calls(void)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "calls"))
	{
		const char *sig = cJSON_GetObjectItem(c, "sig")->valuestring;
		const char *want = cJSON_GetObjectItem(c, "calldata")->valuestring;
		size_t argc, n, wn;
		const char **argv = args_of(cJSON_GetObjectItem(c, "args"), &argc);
		uint8_t *out = NULL, *raw = unhex(&wn, want), *again = NULL;
		struct error e = {0};
		struct abi_func f;
		struct abi_value v;

		int rc = abi_encode_call_text(&out, &n, sig, argv, argc, &e);
		ok(rc == 0, "%s: encodes%s%s", sig, rc ? ": " : "", rc ? e.msg : "");
		is_str(rc ? "" : tohex(out, n), want, "%s: the call data cast calldata gives", sig);
		free(out);

		if (abi_func_parse(&f, sig, &e)) {
			ok(0, "%s: parses: %s", sig, e.msg);
			free(raw);
			continue;
		}
		rc = abi_decode_call(&v, &f, raw, wn, &e);
		ok(rc == 0, "%s: decodes%s%s", sig, rc ? ": " : "", rc ? e.msg : "");
		is_str(rc ? "" : joined(&v), joined_json(cJSON_GetObjectItem(c, "decoded")),
		       "%s: decodes to what cast decode-calldata prints", sig);
		rc = rc ? rc : abi_encode_call(&again, &n, &f, &v, &e);
		ok(rc == 0 && n == wn && memcmp(again, raw, n) == 0, "%s: the decoded value encodes back", sig);
		free(again);
		abi_value_release(&v);
		abi_func_release(&f);
		free(raw);
	}
}

static void test_params(void)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "params"))
	{
		const char *types = cJSON_GetObjectItem(c, "types")->valuestring;
		const char *want = cJSON_GetObjectItem(c, "encoded")->valuestring;
		size_t argc, n, wn;
		const char **argv = args_of(cJSON_GetObjectItem(c, "args"), &argc);
		struct abi_type *t;
		struct abi_value v, back;
		struct error e = {0};
		uint8_t *out = NULL, *raw = unhex(&wn, want);
		int rc = abi_type_parse(&t, types, &e);

		ok(rc == 0, "%s parses", types);
		if (rc) {
			free(raw);
			continue;
		}
		rc = abi_value_tuple(&v, argc);
		for (size_t i = 0; !rc && i < argc; i++)
			rc = abi_value_parse(&v.items[i], &t->members[i], argv[i], &e);
		if (!rc)
			rc = abi_encode_params(&out, &n, t, &v, &e);
		ok(rc == 0, "%s: encodes%s%s", types, rc ? ": " : "", rc ? e.msg : "");
		is_str(rc ? "" : tohex(out, n), want, "%s: what cast abi-encode gives", types);
		rc = abi_decode_params(&back, t, raw, wn, &e);
		is_str(rc ? e.msg : joined(&back), joined_json(cJSON_GetObjectItem(c, "decoded")),
		       "%s: decodes to what cast abi-decode prints", types);
		abi_value_release(&back);
		abi_value_release(&v);
		abi_type_free(t);
		free(out);
		free(raw);
	}
}

static void test_selectors(void)
{
	const cJSON *s;
	static const struct {
		const char *sig, *sel;
	} known[] = {
		{"transfer(address,uint256)", "a9059cbb"}, {"approve(address,uint256)", "095ea7b3"},
		{"balanceOf(address)", "70a08231"},	   {"allowance(address,address)", "dd62ed3e"},
		{"decimals()", "313ce567"},		   {"symbol()", "95d89b41"},
	};
	for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
		uint8_t sel[4];
		char hex[9];
		abi_selector(sel, known[i].sig);
		hex_encode(hex, sizeof hex, sel, 4);
		is_str(hex, known[i].sel, "selector of %s", known[i].sig);
	}
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(doc, "selectors"))
	{
		struct abi_func f;
		struct error e = {0};
		if (abi_func_parse(&f, s->string, &e)) {
			ok(0, "%s parses: %s", s->string, e.msg);
			continue;
		}
		is_str(tohex(f.selector, 4), s->valuestring, "cast sig %s", s->string);
		abi_func_release(&f);
	}
	/* canonical signatures: names, spaces, uint/int aliases, outputs */
	{
		struct abi_func f;
		struct error e = {0};
		ok(abi_func_parse(&f, "transfer(address to, uint amount) returns (bool)", &e) == 0,
		   "a signature with names and returns parses");
		is_str(f.signature, "transfer(address,uint256)", "its canonical form");
		is_str(tohex(f.selector, 4), "0xa9059cbb", "and selector");
		ok(f.outputs && f.outputs->count == 1 && f.outputs->members[0].kind == ABI_BOOL, "its outputs");
		is_str(f.inputs->members[1].name, "amount", "member names are kept");
		abi_func_release(&f);
		ok(abi_func_parse(&f, "balanceOf(address)(uint256)", &e) == 0 && f.outputs &&
			   f.outputs->members[0].size == 256,
		   "cast's name(in)(out) form parses");
		abi_func_release(&f);
		ok(abi_func_parse(&f, "Transfer(address indexed from, address indexed to, uint256 value)", &e) == 0,
		   "an event with indexed parameters parses");
		is_str(f.signature, "Transfer(address,address,uint256)", "its canonical form");
		is_str(tohex(f.topic, 32), cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "topics"), "Transfer(address,address,uint256)")->valuestring,
		       "its topic is cast keccak of the signature");
		ok(f.inputs->members[0].indexed && f.inputs->members[1].indexed && !f.inputs->members[2].indexed,
		   "indexed flags");
		abi_func_release(&f);
	}
}

static void type_ok(const char *s, const char *canonical)
{
	struct abi_type *t;
	struct error e = {0};
	char out[256];
	int rc = abi_type_parse(&t, s, &e);
	ok(rc == 0, "type '%s' parses%s%s", s, rc ? ": " : "", rc ? e.msg : "");
	if (rc)
		return;
	ok(abi_type_format(out, sizeof out, t) == 0, "type '%s' formats", s);
	is_str(out, canonical, "canonical form of '%s'", s);
	abi_type_free(t);
}

static void type_bad(const char *s)
{
	struct abi_type *t = NULL;
	struct error e = {0};
	ok(abi_type_parse(&t, s, &e) == ERR_USAGE && !t && !strncmp(e.msg, "abi: ", 5), "type '%.40s' is refused: %s",
	   s, e.msg);
}

static void test_types(void)
{
	type_ok("uint", "uint256");
	type_ok("int", "int256");
	type_ok("uint8", "uint8");
	type_ok("int24", "int24");
	type_ok("bytes1", "bytes1");
	type_ok("bytes32", "bytes32");
	type_ok("(uint256,address,bytes,string,uint8[],(bool,bytes32)[])",
		"(uint256,address,bytes,string,uint8[],(bool,bytes32)[])");
	type_ok("( uint , address payee )[2][]", "(uint256,address)[2][]");
	type_ok("()", "()");
	type_ok("uint256[32768]", "uint256[32768]");
	type_bad("");
	type_bad("uint7");
	type_bad("uint264");
	type_bad("uint0");
	type_bad("uint08");
	type_bad("int7");
	type_bad("bytes0");
	type_bad("bytes33");
	type_bad("fixed128x18");
	type_bad("ufixed");
	type_bad("function");
	type_bad("address payable");
	type_bad("(uint256");
	type_bad("(uint256,)");
	type_bad("uint256)");
	type_bad("uint256[");
	type_bad("uint256[0]");
	type_bad("uint256[-1]");
	type_bad("uint256[32769]");
	type_bad("uint256[32768][2]");
	type_bad("(())");
	type_bad("()[]");
	type_bad("uint256[][][][][][][][][][][][][][][][][]");
	type_bad("((((((((((((((((((uint256))))))))))))))))))");
	type_bad("String");
}

static void value_bad(const char *type, const char *text)
{
	struct abi_type *t;
	struct abi_value v;
	struct error e = {0};
	if (abi_type_parse(&t, type, &e)) {
		ok(0, "type %s: %s", type, e.msg);
		return;
	}
	ok(abi_value_parse(&v, t, text, &e) == ERR_USAGE, "%s '%s' is refused: %s", type, text, e.msg);
	abi_type_free(t);
}

static void test_values(void)
{
	struct abi_func f;
	struct abi_value args;
	struct error e = {0};
	uint8_t *out;
	size_t n;
	uint8_t to[20];

	/* values built in C equal cast's call data */
	memset(to, 0x35, 20);
	ok(abi_func_parse(&f, "transfer(address,uint256)", &e) == 0, "transfer parses");
	ok(abi_value_tuple(&args, 2) == 0, "a tuple of 2");
	abi_value_address(&args.items[0], to);
	abi_value_uint64(&args.items[1], 1000000000000000000ull);
	ok(abi_encode_call(&out, &n, &f, &args, &e) == 0, "transfer from C values encodes");
	is_str(tohex(out, n), cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "calls"), 0), "calldata")->valuestring,
	       "and equals cast calldata");
	free(out);
	/* a type mismatch and an out-of-range value are refused */
	abi_value_release(&args.items[1]);
	abi_value_bool(&args.items[1], 1);
	ok(abi_encode_call(&out, &n, &f, &args, &e) == ERR_USAGE, "a bool for a uint256 is refused");
	is_str(e.msg, "transfer(address,uint256): argument 2: abi: a bool is given for uint256", "its message");
	abi_value_release(&args);
	abi_func_release(&f);

	ok(abi_func_parse(&f, "h(int8,uint8[2])", &e) == 0, "h parses");
	ok(abi_value_tuple(&args, 2) == 0 && abi_value_array(&args.items[1], 2) == 0, "values");
	abi_value_int64(&args.items[0], -129);
	abi_value_uint64(&args.items[1].items[0], 1);
	abi_value_uint64(&args.items[1].items[1], 2);
	ok(abi_encode_call(&out, &n, &f, &args, &e) == ERR_USAGE, "-129 for int8 is refused: %s", e.msg);
	abi_value_int64(&args.items[0], -128);
	abi_value_uint64(&args.items[1].items[1], 256);
	ok(abi_encode_call(&out, &n, &f, &args, &e) == ERR_USAGE, "256 for uint8 is refused: %s", e.msg);
	is_str(e.msg, "h(int8,uint8[2]): argument 2: item 2: abi: the value does not fit uint8", "the message has the path");
	abi_value_uint64(&args.items[1].items[1], 255);
	ok(abi_encode_call(&out, &n, &f, &args, &e) == 0, "-128 and 255 fit");
	ok(n == 4 + 96 && out[4] == 0xff && out[35] == 0x80 && out[99] == 0xff, "int8 -128 is sign-extended");
	free(out);
	abi_value_release(&args.items[1]);
	ok(abi_value_array(&args.items[1], 3) == 0, "3 items");
	for (int i = 0; i < 3; i++)
		abi_value_uint64(&args.items[1].items[i], 1);
	ok(abi_encode_call(&out, &n, &f, &args, &e) == ERR_USAGE, "3 items for uint8[2] are refused: %s", e.msg);
	abi_value_release(&args);
	abi_func_release(&f);

	const char *argv[] = {"1"};
	ok(abi_encode_call_text(&out, &n, "transfer(address,uint256)", argv, 1, &e) == ERR_USAGE,
	   "a missing argument is refused");
	is_str(e.msg, "abi: transfer(address,uint256) takes 2 arguments, 1 given", "its message");

	value_bad("uint8", "256");
	value_bad("uint8", "-1");
	value_bad("int8", "128");
	value_bad("int8", "-129");
	value_bad("uint256", "115792089237316195423570985008687907853269984665640564039457584007913129639936");
	value_bad("uint256", "1.5");
	value_bad("uint256", "");
	value_bad("address", "0x35353535353535353535353535353535353535");
	value_bad("address", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266a");
	value_bad("address", "0xF39fd6e51aad88f6f4ce6ab8827279cfffb92266");
	value_bad("bool", "yes");
	value_bad("bytes4", "0x010203");
	value_bad("bytes4", "0x0102030405");
	value_bad("bytes", "0x123");
	value_bad("bytes", "1234");
	value_bad("uint256[2]", "[1]");
	value_bad("uint256[]", "[1,2");
	value_bad("uint256[]", "[1,,2]");
	value_bad("(uint256,bool)", "(1)");
	value_bad("(uint256,bool)", "(1,true,3)");
	value_bad("uint256[]", "[1] x");
	value_bad("string[]", "[\"unterminated]");

	/* text round trips through the formatter, escapes included */
	{
		struct abi_type *t;
		struct abi_value v, w;
		char *s, *s2;
		const char *text = "[\"quote \\\" back \\\\ nl \\n esc \\x1b[31m\", bare word , \"\"]";
		ok(abi_type_parse(&t, "string[]", &e) == 0 && abi_value_parse(&v, t, text, &e) == 0,
		   "quoted strings with escapes parse");
		ok(v.count == 3 && strcmp((char *)v.items[0].data, "quote \" back \\ nl \n esc \x1b[31m") == 0 &&
			   strcmp((char *)v.items[1].data, "bare word") == 0 && v.items[2].len == 0,
		   "to the right strings");
		ok(abi_value_format(&s, &v, &e) == 0, "and format");
		is_str(s, "[\"quote \\\" back \\\\ nl \\n esc \\x1b[31m\", \"bare word\", \"\"]",
		       "control characters are escaped, never printed raw");
		ok(abi_value_parse(&w, t, s, &e) == 0 && abi_value_format(&s2, &w, &e) == 0 && strcmp(s, s2) == 0,
		   "the formatted text parses back to the same value");
		free(s);
		free(s2);
		abi_value_release(&v);
		abi_value_release(&w);
		abi_type_free(t);
	}
}

/* Decodes hex data as the tuple type; returns the code. */
static int decode_hex(const char *types, const char *hexdata, struct error *e)
{
	struct abi_type *t;
	struct abi_value v;
	size_t n;
	uint8_t *raw = unhex(&n, hexdata);
	int rc = abi_type_parse(&t, types, e);
	if (!rc) {
		rc = abi_decode_params(&v, t, raw, n, e);
		if (!rc)
			abi_value_release(&v);
		abi_type_free(t);
	}
	free(raw);
	return rc;
}

#define W0 "0000000000000000000000000000000000000000000000000000000000000000"
#define W1 "0000000000000000000000000000000000000000000000000000000000000001"
#define W20 "0000000000000000000000000000000000000000000000000000000000000020"

static void hostile(const char *types, const char *hexdata, const char *why)
{
	struct error e = {0};
	int rc = decode_hex(types, hexdata, &e);
	ok(rc == ERR_USAGE, "%s refused: %s (%s)", types, why, e.msg);
}

static void test_hostile(void)
{
	struct error e = {0};
	ok(decode_hex("(address,bool,uint8,int8,bytes4)",
		      "0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266" W1
		      "00000000000000000000000000000000000000000000000000000000000000ff"
		      "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80"
		      "0102030400000000000000000000000000000000000000000000000000000000",
		      &e) == 0,
	   "clean value types decode");
	hostile("(address)", "0x010000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266", "dirty address bits");
	hostile("(bool)", "0x0000000000000000000000000000000000000000000000000000000000000002", "a bool of 2");
	hostile("(bool)", "0x0100000000000000000000000000000000000000000000000000000000000001", "a bool with high bits");
	hostile("(uint8)", "0x0000000000000000000000000000000000000000000000000000000000000100", "uint8 of 256");
	hostile("(uint160)", "0x0000000000000000000000010000000000000000000000000000000000000000", "uint160 of 2^160");
	hostile("(int8)", "0x0000000000000000000000000000000000000000000000000000000000000080", "int8 128, not sign-extended");
	hostile("(int8)", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "int8 with ones over a positive");
	hostile("(bytes4)", "0x0102030405000000000000000000000000000000000000000000000000000000", "bytes4 with dirty padding");
	hostile("(uint256)", "0x00000000000000000000000000000000000000000000000000000000000000", "31 bytes for a word");
	hostile("(uint256,uint256)", "0x" W1, "one word for two");
	hostile("(string)", "0x", "no data");
	hostile("(string)", "0x0000000000000000000000000000000000000000000000000000000000000040" W1 "61", "offset past the end");
	hostile("(string)", "0x1000000000000000000000000000000000000000000000000000000000000020" W1,
		"an offset past 2^64");
	hostile("(string)", "0x" W20 "0000000000000000000000000000000000000000000000000000000000000021" "61",
		"a string length past the end");
	hostile("(bytes)", "0x" W20 "00000000000000000000000000000000000000000000000000000000ffffffff",
		"a 4 GiB bytes length");
	hostile("(bytes)", "0x" W20 "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
		"a 2^256-1 length");
	hostile("(uint256[])", "0x" W20 "0000000000000000000000000000000000000000000000000000000000000003" W1 W1,
		"an array length past the data");
	hostile("(uint256[])", "0x" W20 "0000000000000000000000000000000000000000000000000001000000000000",
		"2^48 array items");
	hostile("(string[])", "0x" W20 "0000000000000000000000000000000000000000000000000000000000000001"
				   "0000000000000000000000000000000000000000000000000000000000000100",
		"an item offset past the end");
	hostile("(uint256[3])", "0x" W1 W1, "a fixed array past the end");
	hostile("((uint256,string))", "0x" W20 W1, "a tuple offset with its string offset missing");

	/* offsets pointing at each other: a 64 KiB input claiming a million items */
	{
		size_t outer = 1000, inner = 1000;
		size_t words = 2 + outer + 1 + inner;
		char *hx = malloc(2 + words * 64 + 1), *p = hx;
		p += sprintf(p, "0x");
		p += sprintf(p, "%064x", 0x20);
		p += sprintf(p, "%064zx", outer);
		for (size_t i = 0; i < outer; i++)
			p += sprintf(p, "%064zx", outer * 32); /* all at the same inner array */
		p += sprintf(p, "%064zx", inner);
		for (size_t i = 0; i < inner; i++)
			p += sprintf(p, "%064x", 7);
		int rc = decode_hex("(uint256[][])", hx, &e);
		ok(rc == ERR_USAGE && strstr(e.msg, "16 MiB"), "aliased offsets cannot blow up memory: %s", e.msg);
		/* the same with 10 x 10 is fine */
		p = hx;
		p += sprintf(p, "0x%064x%064x", 0x20, 10);
		for (size_t i = 0; i < 10; i++)
			p += sprintf(p, "%064x", 10 * 32);
		p += sprintf(p, "%064x", 10);
		for (size_t i = 0; i < 10; i++)
			p += sprintf(p, "%064x", 7);
		ok(decode_hex("(uint256[][])", hx, &e) == 0, "a small aliased array decodes");
		free(hx);
	}

	/* random data never crashes the decoder */
	{
		static const char *const types[] = {"(uint256,string,bytes[],(bool,address)[2],int8[][])",
						    "(string[][],bytes32,(uint8,bytes)[])", "(bytes)"};
		uint32_t seed = 99;
		int decoded = 0;
		for (int round = 0; round < 3000; round++) {
			size_t n = (size_t)(round % 400);
			uint8_t *raw = malloc(n + 1);
			struct abi_type *t;
			struct abi_value v;
			for (size_t i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				/* mostly small words, so offsets and lengths sometimes land */
				raw[i] = (i % 32 < 30) ? 0 : (uint8_t)(seed >> 16) % 0x90;
			}
			if (abi_type_parse(&t, types[round % 3], &e) == 0) {
				if (abi_decode_params(&v, t, raw, n, &e) == 0) {
					decoded++;
					abi_value_release(&v);
				}
				abi_type_free(t);
			}
			free(raw);
		}
		ok(1, "3000 random inputs decoded or refused without a crash (%d decoded)", decoded);
	}
	/* mutations of a valid encoding: one word set to a small number or to
	 * all ones, or the data cut short; decoded or refused, never a crash */
	{
		const cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "params"), 0);
		struct abi_type *t;
		size_t n;
		uint8_t *good = unhex(&n, cJSON_GetObjectItem(c, "encoded")->valuestring);
		uint8_t *raw = malloc(n);
		int decoded = 0, refused = 0;
		if (abi_type_parse(&t, cJSON_GetObjectItem(c, "types")->valuestring, &e) == 0) {
			for (size_t w = 0; w < n / 32; w++) {
				static const uint64_t vals[] = {0, 1, 0x1f, 0x20, 0x40, 0x1000, 0xffffffff, UINT64_MAX};
				for (size_t k = 0; k <= sizeof vals / sizeof *vals; k++) {
					struct abi_value v;
					size_t len = n;
					memcpy(raw, good, n);
					if (k < sizeof vals / sizeof *vals) {
						memset(raw + w * 32, 0, 24);
						for (int b = 0; b < 8; b++)
							raw[w * 32 + 31 - b] = (uint8_t)(vals[k] >> (8 * b));
					} else {
						len = w * 32 + 17;
					}
					if (abi_decode_params(&v, t, raw, len, &e) == 0) {
						decoded++;
						abi_value_release(&v);
					} else {
						refused++;
					}
				}
			}
			abi_type_free(t);
		}
		ok(decoded > 0 && refused > 0, "mutated encodings: %d decoded, %d refused, no crash", decoded, refused);
		free(raw);
		free(good);
	}
}

static void test_revert(void)
{
	const cJSON *c, *rv = cJSON_GetObjectItem(doc, "revert");
	struct error e = {0};
	char *s;
	size_t n;
	uint8_t *raw;
	static const char *const errors[] = {"InsufficientBalance(uint256,uint256)", "Unauthorized(address)",
					     "Bad(string,int8)"};

	raw = unhex(&n, cJSON_GetObjectItem(rv, "error")->valuestring);
	ok(abi_decode_revert(&s, raw, n, NULL, 0, &e) == 0, "Error(string) decodes");
	is_str(s, "execution reverted: ERC20: transfer amount exceeds balance", "Error(string) reason");
	free(s);
	ok(abi_decode_revert(&s, raw, n - 32, NULL, 0, &e) == ERR_USAGE, "a truncated Error(string) is refused: %s",
	   e.msg);
	free(raw);

	raw = unhex(&n, cJSON_GetObjectItem(rv, "panic")->valuestring);
	ok(abi_decode_revert(&s, raw, n, NULL, 0, &e) == 0, "Panic(uint256) decodes");
	is_str(s, "panic 0x11: arithmetic overflow or underflow", "panic 0x11");
	free(s);
	static const struct {
		uint8_t code;
		const char *want;
	} panics[] = {
		{0x01, "panic 0x01: assertion failed"},
		{0x12, "panic 0x12: division or modulo by zero"},
		{0x21, "panic 0x21: conversion to an enum out of range"},
		{0x22, "panic 0x22: incorrectly encoded storage byte array"},
		{0x31, "panic 0x31: pop() on an empty array"},
		{0x32, "panic 0x32: array index out of bounds"},
		{0x41, "panic 0x41: out of memory (too large an allocation)"},
		{0x51, "panic 0x51: call to a zero-initialized internal function"},
		{0x99, "panic 0x99: unknown code"},
	};
	for (size_t i = 0; i < sizeof panics / sizeof *panics; i++) {
		raw[35] = panics[i].code;
		ok(abi_decode_revert(&s, raw, n, NULL, 0, &e) == 0, "panic 0x%02x decodes", panics[i].code);
		is_str(s, panics[i].want, "panic 0x%02x meaning", panics[i].code);
		free(s);
	}
	free(raw);

	cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "errors"))
	{
		const char *sig = cJSON_GetObjectItem(c, "sig")->valuestring;
		char want[512];
		const cJSON *d;
		int i = 0;
		snprintf(want, sizeof want, "%.*s(", (int)(strchr(sig, '(') - sig), sig);
		cJSON_ArrayForEach(d, cJSON_GetObjectItem(c, "decoded"))
		{
			if (i++)
				strcat(want, ", ");
			strcat(want, d->valuestring);
		}
		strcat(want, ")");
		raw = unhex(&n, cJSON_GetObjectItem(c, "data")->valuestring);
		ok(abi_decode_revert(&s, raw, n, errors, 3, &e) == 0, "custom error %s decodes", sig);
		is_str(s, want, "custom error %s: the values cast decode-error prints", sig);
		free(s);
		ok(abi_decode_revert(&s, raw, n, NULL, 0, &e) == 0, "unknown custom error");
		ok(strncmp(s, "custom error 0x", 15) == 0 && strstr(s, "unknown"), "is named by its selector: %s", s);
		free(s);
		free(raw);
	}
	ok(abi_decode_revert(&s, (const uint8_t *)"", 0, NULL, 0, &e) == 0, "empty revert data");
	is_str(s, "execution reverted (no reason)", "reads as no reason");
	free(s);
	ok(abi_decode_revert(&s, (const uint8_t *)"\x08\xc3", 2, NULL, 0, &e) == ERR_USAGE, "2 bytes are refused");
	/* a reason with terminal escapes is shown escaped */
	{
		uint8_t buf[4 + 96] = {0x08, 0xc3, 0x79, 0xa0};
		buf[4 + 31] = 0x20;
		buf[4 + 63] = 6;
		memcpy(buf + 4 + 64, "\x1b[2Jhi", 6);
		ok(abi_decode_revert(&s, buf, sizeof buf, NULL, 0, &e) == 0, "a reason with an escape sequence");
		is_str(s, "execution reverted: \\x1b[2Jhi", "is shown escaped");
		free(s);
	}
}

static void test_logs(void)
{
	struct abi_func ev;
	struct error e = {0};
	struct abi_value v;
	uint8_t topics[3][32] = {{0}}, data[32] = {0};
	size_t n;
	uint8_t *t0 = unhex(&n, cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "topics"), "Transfer(address,address,uint256)")->valuestring);

	memcpy(topics[0], t0, 32);
	free(t0);
	memset(topics[1] + 12, 0x11, 20);
	memset(topics[2] + 12, 0x22, 20);
	data[30] = 0x03;
	data[31] = 0xe8;
	ok(abi_func_parse(&ev, "Transfer(address indexed from, address indexed to, uint256 value)", &e) == 0,
	   "Transfer parses");
	ok(abi_decode_log(&v, &ev, 0, (const uint8_t(*)[32])topics, 3, data, 32, &e) == 0, "a Transfer log decodes");
	is_str(joined(&v),
	       "0x1111111111111111111111111111111111111111 | 0x2222222222222222222222222222222222222222 | 1000",
	       "from, to (topics) and value (data)");
	abi_value_release(&v);
	ok(abi_decode_log(&v, &ev, 0, (const uint8_t(*)[32])topics, 2, data, 32, &e) == ERR_USAGE,
	   "a missing topic is refused: %s", e.msg);
	topics[1][0] = 1;
	ok(abi_decode_log(&v, &ev, 0, (const uint8_t(*)[32])topics, 3, data, 32, &e) == ERR_USAGE,
	   "a dirty address topic is refused: %s", e.msg);
	topics[1][0] = 0;
	topics[0][0] ^= 1;
	ok(abi_decode_log(&v, &ev, 0, (const uint8_t(*)[32])topics, 3, data, 32, &e) == ERR_USAGE,
	   "another event's topic 0 is refused: %s", e.msg);
	abi_func_release(&ev);

	/* an indexed string is its hash */
	ok(abi_func_parse(&ev, "Named(string indexed name, uint8 x)", &e) == 0, "Named parses");
	memcpy(topics[0], ev.topic, 32);
	keccak256(topics[1], "alice", 5);
	memset(data, 0, 32);
	data[31] = 9;
	ok(abi_decode_log(&v, &ev, 0, (const uint8_t(*)[32])topics, 2, data, 32, &e) == 0, "a log with an indexed string");
	ok(v.items[0].kind == ABI_FIXED_BYTES && v.items[0].size == 32 && memcmp(v.items[0].fixed, topics[1], 32) == 0 &&
		   v.items[1].num.w[0] == 9,
	   "gives the string's keccak256 as bytes32");
	abi_value_release(&v);
	abi_func_release(&ev);
}

int main(void)
{
	char *text = tap_slurp("tests/fixtures/evm/abi.json");
	doc = cJSON_Parse(text);
	if (!doc) {
		printf("Bail out! abi.json does not parse\n");
		return 1;
	}
	test_selectors();
	test_types();
	test_calls();
	test_params();
	test_values();
	test_hostile();
	test_revert();
	test_logs();
	cJSON_Delete(doc);
	free(text);
	return tap_done();
}
