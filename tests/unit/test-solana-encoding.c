/* compact-u16, Borsh and Anchor discriminators against the fixtures in
 * tests/fixtures/solana (borsh 0.7 and node's crypto made them). */
#include "config.h"

#include <inttypes.h>
#include <cjson/cJSON.h>

#include "tap.h"
#include "hex.h"
#include "chains/solana/compact.h"
#include "chains/solana/borsh.h"
#include "chains/solana/anchor.h"

static void compact_vectors(void)
{
	static const struct {
		unsigned v;
		const char *hex;
	} vec[] = {
		{0, "00"},	   {0x7f, "7f"},     {0x80, "8001"},	 {0xff, "ff01"},   {0x100, "8002"},
		{0x3fff, "ff7f"}, {0x4000, "808001"}, {0x7fff, "ffff01"}, {0xffff, "ffff03"},
	};
	for (size_t i = 0; i < sizeof vec / sizeof vec[0]; i++) {
		uint8_t b[SOL_COMPACT_U16_MAX];
		char h[8];
		size_t n = sol_compact_u16_encode(b, (uint16_t)vec[i].v), used = 0;
		uint16_t back = 0;
		hex_encode(h, sizeof h, b, n);
		is_str(h, vec[i].hex, "compact-u16 encodes 0x%x", vec[i].v);
		ok(sol_compact_u16_decode(&back, &used, b, n, NULL) == 0 && back == vec[i].v && used == n,
		   "compact-u16 decodes %s", vec[i].hex);
	}
	/* a value followed by more bytes: only its own are used */
	{
		const uint8_t b[] = {0x80, 0x01, 0xaa};
		uint16_t v;
		size_t used;
		ok(sol_compact_u16_decode(&v, &used, b, 3, NULL) == 0 && v == 0x80 && used == 2,
		   "compact-u16 stops at its last byte");
	}
	static const struct {
		const char *hex, *why, *msg;
	} bad[] = {
		{"", "empty", "truncated"},
		{"80", "truncated after a continuation", "truncated"},
		{"ff", "truncated 0xff", "truncated"},
		{"8080", "truncated in the second byte", "truncated"},
		{"8000", "non-canonical 0 in two bytes", "not canonical"},
		{"ff00", "non-canonical 0x7f in two bytes", "not canonical"},
		{"808000", "non-canonical 0 in three bytes", "not canonical"},
		{"ff8000", "non-canonical 0x7f in three bytes", "not canonical"},
		{"ffff04", "0x13fff: above 65535", "above 65535"},
		{"ffff7f", "third byte of 7 bits", "above 65535"},
		{"808080", "third byte continues", "third byte"},
		{"80808001", "four bytes", "third byte"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint8_t b[8];
		size_t n = 0, used;
		uint16_t v;
		struct error e = {0};
		if (hex_decode(b, sizeof b, &n, bad[i].hex))
			n = 0;
		ok(sol_compact_u16_decode(&v, &used, b, n, &e) == ERR_USAGE && strstr(e.msg, bad[i].msg),
		   "compact-u16 refuses %s (%s)", bad[i].why, e.msg);
	}
	/* every value round-trips, and is the shortest encoding */
	int all = 1;
	for (unsigned v = 0; v <= 0xffff; v++) {
		uint8_t b[SOL_COMPACT_U16_MAX];
		size_t n = sol_compact_u16_encode(b, (uint16_t)v), used;
		uint16_t back;
		size_t want = v < 0x80 ? 1 : v < 0x4000 ? 2 : 3;
		if (n != want || sol_compact_u16_decode(&back, &used, b, n, NULL) || back != v || used != n)
			all = 0;
	}
	ok(all, "compact-u16 round-trips 0..65535 in the shortest form");
}

static uint64_t num(const cJSON *o, const char *k)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
	if (cJSON_IsString(x))
		return strtoull(x->valuestring, NULL, 10);
	return (uint64_t)cJSON_GetNumberValue(x);
}

static const char *str(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static void u128_of_hex(uint64_t *lo, uint64_t *hi, const char *h)
{
	char pad[33];
	uint8_t be[16];
	size_t n = strlen(h);
	memset(pad, '0', 32);
	memcpy(pad + 32 - n, h, n);
	pad[32] = '\0';
	if (hex_decode_exact(be, 16, pad))
		memset(be, 0, 16);
	*lo = *hi = 0;
	for (int i = 0; i < 8; i++) {
		*hi = *hi << 8 | be[i];
		*lo = *lo << 8 | be[8 + i];
	}
}

static void borsh_struct(const cJSON *c, int idx)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(c, "fields");
	uint8_t buf[1024], g[32], h[400];
	size_t len, hlen;
	char *hexout;
	uint64_t lo, hi;
	struct borsh_writer w;
	struct error e = {0};

	if (hex_decode_exact(g, 32, str(f, "g")) || hex_decode(h, sizeof h, &hlen, str(f, "h"))) {
		ok(0, "struct %d: fixture fields decode", idx);
		return;
	}
	u128_of_hex(&lo, &hi, str(f, "e"));
	borsh_writer_init(&w, buf, sizeof buf);
	borsh_write_u8(&w, (uint8_t)num(f, "a"));
	borsh_write_u16(&w, (uint16_t)num(f, "b"));
	borsh_write_u32(&w, (uint32_t)num(f, "c"));
	borsh_write_u64(&w, num(f, "d"));
	borsh_write_u128(&w, lo, hi);
	borsh_write_string(&w, str(f, "f"));
	borsh_write_fixed(&w, g, 32);
	borsh_write_vec(&w, h, hlen);
	static const char *const opts[] = {"i", "j"};
	for (size_t oi = 0; oi < 2; oi++) {
		const char *k = opts[oi];
		const cJSON *o = cJSON_GetObjectItemCaseSensitive(f, k);
		if (cJSON_IsNull(o)) {
			borsh_write_option_none(&w);
		} else {
			borsh_write_option_some(&w);
			borsh_write_u64(&w, num(f, k));
		}
	}
	borsh_write_bool(&w, num(f, "k") != 0);
	borsh_write_string(&w, str(f, "l"));
	ok(borsh_writer_finish(&len, &w, &e) == 0, "struct %d: writes (%s)", idx, e.msg);
	hexout = malloc(2 * len + 1);
	hex_encode(hexout, 2 * len + 1, buf, len);
	is_str(hexout, str(c, "encoded"), "struct %d: bytes equal borsh-js", idx);
	free(hexout);

	/* and reads back */
	struct borsh_reader r;
	uint8_t a, g2[32], k;
	uint16_t b;
	uint32_t c32;
	uint64_t d, lo2, hi2, iv = 0, jv = 0;
	bool isome, jsome, kb;
	char fs[64], ls[64];
	const uint8_t *hp;
	size_t hn;
	int rc = 0;
	borsh_reader_init(&r, buf, len);
	rc |= borsh_read_u8(&r, &a);
	rc |= borsh_read_u16(&r, &b);
	rc |= borsh_read_u32(&r, &c32);
	rc |= borsh_read_u64(&r, &d);
	rc |= borsh_read_u128(&r, &lo2, &hi2);
	rc |= borsh_read_string(&r, fs, sizeof fs);
	rc |= borsh_read_fixed(&r, g2, 32);
	rc |= borsh_read_vec(&r, &hp, &hn);
	rc |= borsh_read_option(&r, &isome);
	if (isome)
		rc |= borsh_read_u64(&r, &iv);
	rc |= borsh_read_option(&r, &jsome);
	if (jsome)
		rc |= borsh_read_u64(&r, &jv);
	rc |= borsh_read_bool(&r, &kb);
	rc |= borsh_read_string(&r, ls, sizeof ls);
	k = kb;
	ok(rc == 0 && borsh_reader_end(&r, &e) == 0, "struct %d: reads back to the end (%s)", idx, e.msg);
	ok(a == num(f, "a") && b == num(f, "b") && c32 == num(f, "c") && d == num(f, "d") && lo2 == lo &&
		   hi2 == hi && strcmp(fs, str(f, "f")) == 0 && memcmp(g2, g, 32) == 0 && hn == hlen &&
		   memcmp(hp, h, hn) == 0 && isome == !cJSON_IsNull(cJSON_GetObjectItem(f, "i")) &&
		   (!isome || iv == num(f, "i")) && jsome == !cJSON_IsNull(cJSON_GetObjectItem(f, "j")) &&
		   (!jsome || jv == num(f, "j")) && k == num(f, "k") && strcmp(ls, str(f, "l")) == 0,
	   "struct %d: every field reads back", idx);
}

static int reads_fail(const char *hexin, int what, const char *msg)
{
	uint8_t buf[64], u8;
	uint64_t u64;
	bool bv;
	char s[8];
	const uint8_t *p;
	size_t n, pn;
	struct borsh_reader r;
	struct error e = {0};
	int rc;

	if (hex_decode(buf, sizeof buf, &n, hexin))
		return 0;
	borsh_reader_init(&r, buf, n);
	switch (what) {
	case 0: rc = borsh_read_bool(&r, &bv); break;
	case 1: rc = borsh_read_option(&r, &bv); break;
	case 2: rc = borsh_read_u64(&r, &u64); break;
	case 3: rc = borsh_read_string(&r, s, sizeof s); break;
	case 4: rc = borsh_read_vec(&r, &p, &pn); break;
	default: rc = borsh_read_u8(&r, &u8); break;
	}
	int end = borsh_reader_end(&r, &e);
	if (rc == 0 && end == 0)
		return 0;
	printf("# %s\n", e.msg);
	return end == ERR_USAGE && strstr(e.msg, msg) != NULL;
}

static void borsh_errors(void)
{
	ok(reads_fail("02", 0, "bool is neither"), "borsh refuses a bool of 2");
	ok(reads_fail("ff", 1, "option tag"), "borsh refuses an option tag of 255");
	ok(reads_fail("01020304050607", 2, "u64 is truncated"), "borsh refuses a short u64");
	ok(reads_fail("0500000061626364", 3, "vector is longer"), "borsh refuses a string longer than the data");
	ok(reads_fail("02000000c328", 3, "UTF-8"), "borsh refuses invalid UTF-8");
	ok(reads_fail("02000000c0af", 3, "UTF-8"), "borsh refuses overlong UTF-8");
	ok(reads_fail("03000000eda080", 3, "UTF-8"), "borsh refuses an encoded surrogate");
	ok(reads_fail("0300000061006200", 3, "UTF-8"), "borsh refuses a NUL in a string");
	ok(reads_fail("080000006161616161616161", 3, "too long"), "borsh refuses a string too long for the buffer");
	ok(reads_fail("ffffffff00", 4, "vector is longer"), "borsh refuses a vec length of 2^32-1");
	ok(reads_fail("0102", 5, "1 trailing bytes"), "borsh reader reports trailing bytes");
	ok(reads_fail("", 5, "u8 is truncated at byte 0"), "borsh refuses reading past the end");
	/* an error is sticky: later reads fail even with data left */
	{
		const uint8_t b[] = {2, 1, 1};
		struct borsh_reader r;
		bool v;
		uint8_t x;
		borsh_reader_init(&r, b, sizeof b);
		int r1 = borsh_read_bool(&r, &v);
		int r2 = borsh_read_u8(&r, &x);
		ok(r1 == ERR_USAGE && r2 == ERR_USAGE && x == 0, "borsh reader errors are sticky");
	}
	/* the writer: overflow, invalid UTF-8 */
	{
		uint8_t b[4];
		struct borsh_writer w;
		struct error e = {0};
		size_t n = 99;
		borsh_writer_init(&w, b, sizeof b);
		borsh_write_u32(&w, 1);
		borsh_write_u8(&w, 1);
		ok(borsh_writer_finish(&n, &w, &e) == ERR_USAGE && n == 0 && strstr(e.msg, "too small"),
		   "borsh writer refuses to overflow (%s)", e.msg);
		uint8_t big[16];
		borsh_writer_init(&w, big, sizeof big);
		borsh_write_string(&w, "\xff");
		ok(borsh_writer_finish(&n, &w, &e) == ERR_USAGE && strstr(e.msg, "UTF-8"),
		   "borsh writer refuses a string that is not UTF-8");
	}
	ok(borsh_utf8_valid((const uint8_t *)"\xf4\x8f\xbf\xbf", 4) &&
		   !borsh_utf8_valid((const uint8_t *)"\xf4\x90\x80\x80", 4),
	   "UTF-8: U+10FFFF is valid, U+110000 is not");
	ok(!borsh_utf8_valid((const uint8_t *)"\xe2\x9c", 2), "UTF-8: a truncated sequence is invalid");
}

int main(void)
{
	char *text = tap_slurp("tests/fixtures/solana/borsh.json");
	cJSON *root = cJSON_Parse(text);
	const cJSON *c;
	int i = 0;

	if (!root) {
		printf("Bail out! borsh.json does not parse\n");
		return 1;
	}
	compact_vectors();

	cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "structs"))
		borsh_struct(c, i++);
	ok(i >= 3, "%d borsh structs", i);
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "i64"))
	{
		const char *v = str(c, "value");
		int64_t x = strtoll(v, NULL, 10), back = 1;
		uint8_t b[8];
		char h[17];
		struct borsh_writer w;
		struct borsh_reader r;
		borsh_writer_init(&w, b, sizeof b);
		borsh_write_i64(&w, x);
		hex_encode(h, sizeof h, b, 8);
		is_str(h, str(c, "encoded"), "i64 %s encodes", v);
		borsh_reader_init(&r, b, 8);
		ok(borsh_read_i64(&r, &back) == 0 && back == x, "i64 %s reads back", v);
	}
	borsh_errors();

	cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "anchor"))
	{
		uint8_t d[ANCHOR_DISCRIMINATOR_LEN];
		char h[17];
		bool account = strcmp(str(c, "kind"), "account") == 0;
		if (account)
			anchor_account_discriminator(d, str(c, "name"));
		else
			anchor_instruction_discriminator(d, str(c, "name"));
		hex_encode(h, sizeof h, d, sizeof d);
		is_str(h, str(c, "discriminator"), "anchor %s discriminator of %s", account ? "account" : "instruction",
		       str(c, "name"));
	}
	{
		uint8_t d[ANCHOR_DISCRIMINATOR_LEN];
		char h[17];
		anchor_instruction_discriminator(d, "initialize");
		hex_encode(h, sizeof h, d, sizeof d);
		is_str(h, "afaf6d1f0d989bed", "anchor discriminator of global:initialize is the known value");
		uint8_t acct[40] = {0};
		struct error e = {0};
		anchor_account_discriminator(acct, "RecipientV0");
		ok(anchor_account_check(acct, sizeof acct, "RecipientV0", &e) == 0, "anchor account check accepts its type");
		ok(anchor_account_check(acct, sizeof acct, "LazyDistributorV0", &e) == ERR_USAGE &&
			   strstr(e.msg, "LazyDistributorV0"),
		   "anchor account check refuses another type (%s)", e.msg);
		ok(anchor_account_check(acct, 7, "RecipientV0", &e) == ERR_USAGE, "anchor account check refuses short data");
	}
	cJSON_Delete(root);
	free(text);
	return tap_done();
}
