/* RLP: the examples of the Ethereum wiki's RLP page (also in the yellow
 * paper, appendix B), cast's encodings (tests/fixtures/evm/rlp.json, made by
 * `cast to-rlp`, see tests/fixtures/evm/README.md), and non-canonical or
 * hostile inputs the decoder must refuse. */
#include "config.h"
#include "tap.h"
#include <cjson/cJSON.h>
#include "hex.h"
#include "chains/evm/rlp.h"

static char *tohex(const uint8_t *p, size_t n)
{
	static char buf[1 << 16];
	buf[0] = '0';
	buf[1] = 'x';
	hex_encode(buf + 2, sizeof buf - 2, p, n);
	return buf;
}

static size_t unhex(uint8_t *out, size_t size, const char *s)
{
	size_t n;
	if (hex_decode(out, size, &n, s)) {
		printf("Bail out! bad hex %.40s\n", s);
		exit(1);
	}
	return n;
}

static void enc_is(struct rlp_buf *b, const char *want, const char *what)
{
	struct error e = {0};
	ok(rlp_buf_finish(b, &e) == 0, "%s: encodes", what);
	is_str(tohex(b->data, b->len), want, "%s", what);
	rlp_buf_release(b);
}

static void test_wiki(void)
{
	struct rlp_buf b;
	size_t l0, l1, l2;
	const char *lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";

	rlp_buf_init(&b);
	rlp_put_bytes(&b, "dog", 3);
	enc_is(&b, "0x83646f67", "the string \"dog\"");

	l0 = rlp_list_begin(&b);
	rlp_put_bytes(&b, "cat", 3);
	rlp_put_bytes(&b, "dog", 3);
	rlp_list_end(&b, l0);
	enc_is(&b, "0xc88363617483646f67", "the list [\"cat\", \"dog\"]");

	rlp_put_bytes(&b, NULL, 0);
	enc_is(&b, "0x80", "the empty string");

	l0 = rlp_list_begin(&b);
	rlp_list_end(&b, l0);
	enc_is(&b, "0xc0", "the empty list");

	rlp_put_u64(&b, 0);
	enc_is(&b, "0x80", "the integer 0");

	rlp_put_bytes(&b, "\x00", 1);
	enc_is(&b, "0x00", "the byte 0x00");

	rlp_put_bytes(&b, "\x0f", 1);
	enc_is(&b, "0x0f", "the byte 0x0f");

	rlp_put_bytes(&b, "\x04\x00", 2);
	enc_is(&b, "0x820400", "the bytes 04 00");

	rlp_put_u64(&b, 15);
	enc_is(&b, "0x0f", "the integer 15");

	rlp_put_u64(&b, 1024);
	enc_is(&b, "0x820400", "the integer 1024");

	/* [ [], [[]], [ [], [[]] ] ] */
	l0 = rlp_list_begin(&b);
	l1 = rlp_list_begin(&b);
	rlp_list_end(&b, l1);
	l1 = rlp_list_begin(&b);
	l2 = rlp_list_begin(&b);
	rlp_list_end(&b, l2);
	rlp_list_end(&b, l1);
	l1 = rlp_list_begin(&b);
	l2 = rlp_list_begin(&b);
	rlp_list_end(&b, l2);
	l2 = rlp_list_begin(&b);
	size_t l3 = rlp_list_begin(&b);
	rlp_list_end(&b, l3);
	rlp_list_end(&b, l2);
	rlp_list_end(&b, l1);
	rlp_list_end(&b, l0);
	enc_is(&b, "0xc7c0c1c0c3c0c1c0", "the set-theoretic representation of three");

	rlp_put_bytes(&b, lorem, strlen(lorem));
	enc_is(&b,
	       "0xb8384c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069736963696e6720656c6974",
	       "the 56-byte Lorem ipsum string");

	/* u256 integers: minimal big-endian */
	{
		struct u256 v;
		u256_max(&v);
		rlp_put_u256(&b, &v);
		enc_is(&b, "0xa0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "2^256-1");
		u256_from_u64(&v, 0x80);
		rlp_put_u256(&b, &v);
		enc_is(&b, "0x8180", "the integer 128");
		rlp_put_u64(&b, UINT64_MAX);
		enc_is(&b, "0x88ffffffffffffffff", "2^64-1");
	}
	/* a list longer than 55 bytes gets a long header put in front */
	{
		l0 = rlp_list_begin(&b);
		rlp_put_bytes(&b, lorem, strlen(lorem));
		rlp_list_end(&b, l0);
		char want[200] = "0xf83ab838";
		hex_encode(want + 10, sizeof want - 10, (const uint8_t *)lorem, strlen(lorem));
		enc_is(&b, want, "[lorem]: a long list header");
	}
}

/* Encodes a cJSON tree of hex strings and arrays. */
static void encode_json(struct rlp_buf *b, const cJSON *j)
{
	if (cJSON_IsArray(j)) {
		size_t m = rlp_list_begin(b);
		const cJSON *it;
		cJSON_ArrayForEach(it, j)
			encode_json(b, it);
		rlp_list_end(b, m);
	} else {
		static uint8_t buf[4096];
		size_t n = unhex(buf, sizeof buf, j->valuestring);
		rlp_put_bytes(b, buf, n);
	}
}

/* Whether a decoded item matches the JSON tree. */
static int same(const struct rlp_item *it, const cJSON *j)
{
	struct error e = {0};
	if (cJSON_IsArray(j)) {
		struct rlp_item items[400];
		size_t n;
		if (!it->is_list || rlp_list_items(items, 400, &n, it, &e) || n != (size_t)cJSON_GetArraySize(j))
			return 0;
		for (size_t i = 0; i < n; i++)
			if (!same(&items[i], cJSON_GetArrayItem(j, (int)i)))
				return 0;
		return 1;
	}
	static uint8_t buf[4096];
	size_t n = unhex(buf, sizeof buf, j->valuestring);
	return !it->is_list && it->len == n && memcmp(it->payload, buf, n) == 0;
}

static void test_cast_vectors(void)
{
	char *text = tap_slurp("tests/fixtures/evm/rlp.json");
	cJSON *doc = cJSON_Parse(text), *c;
	int i = 0;
	if (!doc) {
		printf("Bail out! rlp.json does not parse\n");
		exit(1);
	}
	cJSON_ArrayForEach(c, doc)
	{
		const cJSON *in = cJSON_GetObjectItem(c, "input");
		const char *want = cJSON_GetObjectItem(c, "encoded")->valuestring;
		struct rlp_buf b;
		struct rlp_item top;
		struct error e = {0};
		static uint8_t raw[8192];
		size_t n = unhex(raw, sizeof raw, want);
		int prefixes_refused = 1;

		rlp_buf_init(&b);
		encode_json(&b, in);
		ok(rlp_buf_finish(&b, &e) == 0 && b.len == n && memcmp(b.data, raw, n) == 0, "cast vector %d: encodes as %.24s...",
		   i, want);
		rlp_buf_release(&b);
		ok(rlp_decode(&top, raw, n, &e) == 0 && same(&top, in), "cast vector %d: decodes back", i);
		for (size_t k = 0; k < n; k++)
			if (rlp_decode(&top, raw, k, &e) == 0)
				prefixes_refused = 0;
		ok(prefixes_refused, "cast vector %d: every truncation is refused", i);
		i++;
	}
	ok(i >= 14, "%d cast vectors", i);
	cJSON_Delete(doc);
	free(text);
}

static void refused(const char *hex, const char *why)
{
	uint8_t raw[256];
	size_t n = unhex(raw, sizeof raw, hex);
	struct rlp_item top;
	struct error e = {0};
	int rc = rlp_decode(&top, raw, n, &e);
	ok(rc == ERR_USAGE, "refused: %s (%s)", why, hex);
	if (rc == ERR_USAGE)
		ok(strncmp(e.msg, "rlp: ", 5) == 0, "with a message: %s", e.msg);
}

static void test_refused(void)
{
	refused("0x", "empty input");
	refused("0x8100", "a byte below 0x80 as a one-byte string");
	refused("0x817f", "0x7f as a one-byte string");
	refused("0xb801ff", "a long header for a 1-byte string");
	refused("0xb83700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
		"a long header for a 55-byte string");
	refused("0xb9003800", "a length with a leading zero");
	refused("0xf800", "a long list header for an empty list");
	refused("0xf90001c0", "a list length with a leading zero");
	refused("0x8000", "a byte after the item");
	refused("0xc0c0", "a list after the list");
	refused("0x836162", "a string past the end");
	refused("0xb9ffff00", "a 65535-byte string in 4 bytes");
	refused("0xbfffffffffffffffff00", "an 8-byte length near 2^64");
	refused("0xbbffffffff", "a length with nothing after it");
	refused("0xb9", "a long header without its length");
	refused("0xc3c2c0", "a list whose items end early");
	refused("0xc28361", "an item running past its list");
	refused("0xc3c28100", "a nested 0x81 0x00");
	refused("0xc4c0c28100", "a non-canonical byte deep in a list");

	/* depth: 32 nested lists decode, 33 do not */
	{
		uint8_t raw[64];
		struct rlp_item top;
		struct error e = {0};
		for (int depth = 32; depth <= 33; depth++) {
			size_t n = (size_t)depth;
			for (size_t i = 0; i < n; i++)
				raw[i] = (uint8_t)(0xc0 + (n - 1 - i));
			int rc = rlp_decode(&top, raw, n, &e);
			if (depth == 32)
				ok(rc == 0, "32 nested lists decode");
			else
				ok(rc == ERR_USAGE && strstr(e.msg, "deeper"), "33 nested lists are refused: %s", e.msg);
		}
	}

	/* integers */
	{
		static const struct {
			const char *hex;
			int good;
			uint64_t v;
			const char *why;
		} ints[] = {
			{"0x80", 1, 0, "0 is the empty string"},
			{"0x01", 1, 1, "1 is itself"},
			{"0x8180", 1, 128, "128"},
			{"0x88ffffffffffffffff", 1, UINT64_MAX, "2^64-1"},
			{"0x00", 0, 0, "0 as the byte 0x00"},
			{"0x820001", 0, 0, "a leading zero"},
			{"0x89010000000000000000", 0, 0, "9 bytes for a u64"},
			{"0xc0", 0, 0, "a list"},
		};
		for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
			uint8_t raw[16];
			size_t n = unhex(raw, sizeof raw, ints[i].hex);
			struct rlp_item it;
			struct error e = {0};
			uint64_t v = 42;
			int rc = rlp_decode(&it, raw, n, &e);
			if (!rc)
				rc = rlp_item_u64(&v, &it, "nonce", &e);
			if (ints[i].good)
				ok(rc == 0 && v == ints[i].v, "u64 %s: %s", ints[i].hex, ints[i].why);
			else
				ok(rc == ERR_USAGE, "u64 %s refused: %s", ints[i].hex, ints[i].why);
		}
		uint8_t raw[40];
		struct rlp_item it;
		struct error e = {0};
		struct u256 v;
		size_t n = unhex(raw, sizeof raw, "0xa1010000000000000000000000000000000000000000000000000000000000000000");
		ok(rlp_decode(&it, raw, n, &e) == 0 && rlp_item_u256(&v, &it, "value", &e) == ERR_USAGE,
		   "a 33-byte integer is refused for u256");
		is_str(e.msg, "rlp: value at byte 0 is longer than 32 bytes", "its message names the field");
	}

	/* random bytes never crash, and whatever decodes re-encodes the same */
	{
		uint32_t seed = 12345;
		int accepted = 0, good = 1;
		for (int round = 0; round < 20000; round++) {
			uint8_t raw[24];
			size_t n = (size_t)(round % 24);
			struct rlp_item top;
			struct error e = {0};
			for (size_t i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				raw[i] = (uint8_t)(seed >> 16);
				/* bias toward headers so lists and long forms show up */
				if (i == 0 && (seed & 1))
					raw[i] |= 0xc0;
			}
			if (rlp_decode(&top, raw, n, &e) == 0) {
				accepted++;
				if (top.raw != raw || top.raw_len != n)
					good = 0;
			}
		}
		ok(good, "random input: a decoded item always spans the whole input (%d of 20000 decoded)", accepted);
	}
}

int main(void)
{
	test_wiki();
	test_cast_vectors();
	test_refused();
	return tap_done();
}
