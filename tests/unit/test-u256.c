/* u256 arithmetic and exact decimal amounts.
 *
 * Expected values: 2^256-1 = 1157920892...639935 (its well-known decimal
 * form); products, quotients and shifts were worked out independently with
 * Python's arbitrary-precision integers (python3 -c 'print(hex(a*b))'). */
#include "config.h"
#include "tap.h"
#include "u256.h"
#include "amount.h"

#define MAX_DEC "115792089237316195423570985008687907853269984665640564039457584007913129639935"
#define MAX_HEX "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"

static struct u256 H(const char *s)
{
	struct u256 v;
	struct error e = {0};
	if (u256_parse(&v, s, &e)) {
		printf("Bail out! bad constant %s: %s\n", s, e.msg);
		exit(1);
	}
	return v;
}

static const char *dec(const struct u256 *v)
{
	static char buf[4][U256_DEC_MAX];
	static int i;
	char *b = buf[i++ % 4];
	if (u256_format_dec(b, U256_DEC_MAX, v))
		return "(format failed)";
	return b;
}

static const char *hex(const struct u256 *v)
{
	static char buf[4][U256_HEX_MAX];
	static int i;
	char *b = buf[i++ % 4];
	if (u256_format_hex(b, U256_HEX_MAX, v))
		return "(format failed)";
	return b;
}

static void test_u256(void)
{
	struct u256 a, b, r, q, m;
	struct error e = {0};
	uint64_t rem, x;
	char small[4];

	/* round trips at the edges */
	ok(u256_parse_dec(&a, MAX_DEC, &e) == 0, "2^256-1 parses");
	is_str(dec(&a), MAX_DEC, "2^256-1 formats back in decimal");
	is_str(hex(&a), MAX_HEX, "2^256-1 in hex");
	u256_max(&b);
	ok(u256_cmp(&a, &b) == 0, "u256_max is 2^256-1");
	ok(u256_parse_hex(&b, MAX_HEX, &e) == 0 && u256_cmp(&a, &b) == 0, "hex 2^256-1 parses to the same");
	ok(u256_parse_dec(&a, "115792089237316195423570985008687907853269984665640564039457584007913129639936", &e) ==
		   ERR_USAGE,
	   "2^256 is refused");
	is_str(e.msg, "'1157920892373161954235709850086879078532' is more than 2^256-1", "the message quotes the start");
	ok(u256_parse_hex(&a, "0x1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", &e) == ERR_USAGE,
	   "a 257-bit hex value is refused");
	ok(u256_parse_hex(&a, "0x0000000000000000000000000000000000000000000000000000000000000000000001", &e) == 0 &&
		   a.w[0] == 1,
	   "hex leading zeros past 64 digits are fine");
	u256_zero(&a);
	is_str(dec(&a), "0", "zero in decimal");
	is_str(hex(&a), "0x0", "zero in hex is 0x0");
	u256_from_u64(&a, 0x1f);
	is_str(hex(&a), "0x1f", "hex is minimal");
	ok(u256_format_dec(small, sizeof small, &b) == ERR_USAGE, "a short buffer is refused");
	ok(u256_parse_dec(&a, "007", &e) == 0 && a.w[0] == 7, "decimal leading zeros are fine");

	/* garbage */
	static const char *bad_dec[] = {"", "-1", "+1", " 1", "1 ", "1.0", "1e3", "0x10", "abc", "１"};
	for (size_t i = 0; i < sizeof bad_dec / sizeof *bad_dec; i++)
		ok(u256_parse_dec(&a, bad_dec[i], &e) == ERR_USAGE, "decimal '%s' is refused", bad_dec[i]);
	static const char *bad_hex[] = {"", "0x", "12", "0xg1", "0x 1", "x12", "-0x1"};
	for (size_t i = 0; i < sizeof bad_hex / sizeof *bad_hex; i++)
		ok(u256_parse_hex(&a, bad_hex[i], &e) == ERR_USAGE, "hex '%s' is refused", bad_hex[i]);

	/* big-endian bytes */
	{
		uint8_t be[32], min[32];
		a = H("0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
		u256_to_be(be, &a);
		ok(be[0] == 1 && be[31] == 0x20 && be[8] == 9, "to big-endian");
		u256_from_be(&b, be);
		ok(u256_cmp(&a, &b) == 0, "from big-endian");
		u256_from_u64(&a, 1024);
		is_int(u256_to_be_min(min, &a), 2, "1024 is 2 minimal bytes");
		ok(min[0] == 4 && min[1] == 0, "1024 minimal big-endian is 04 00");
		u256_zero(&a);
		is_int(u256_to_be_min(min, &a), 0, "zero is no bytes");
		uint8_t long33[33] = {0};
		long33[32] = 5;
		ok(u256_from_be_bytes(&a, long33, 33) == 0 && a.w[0] == 5, "33 bytes with a leading zero fit");
		long33[0] = 1;
		ok(u256_from_be_bytes(&a, long33, 33) == ERR_USAGE, "33 significant bytes do not");
	}

	/* add / sub */
	u256_max(&a);
	u256_from_u64(&b, 1);
	ok(u256_add(&r, &a, &b) == ERR_USAGE && u256_is_zero(&r), "2^256-1 + 1 overflows (and wraps to 0)");
	ok(u256_sub(&r, &b, &a) == ERR_USAGE && u256_cmp(&r, &(struct u256){{2, 0, 0, 0}}) == 0,
	   "1 - (2^256-1) underflows (and wraps to 2)");
	a = H("0xffffffffffffffffffffffffffffffff");
	ok(u256_add(&r, &a, &b) == 0, "carry across limbs");
	is_str(hex(&r), "0x100000000000000000000000000000000", "2^128-1 + 1 = 2^128");
	ok(u256_sub(&r, &r, &b) == 0 && u256_cmp(&r, &a) == 0, "and back");
	ok(u256_add_u64(&r, &a, UINT64_MAX) == 0, "add u64");
	is_str(hex(&r), "0x10000000000000000fffffffffffffffe", "2^128-1 + 2^64-1");

	/* mul */
	a = H("0x123456789abcdef0fedcba9876543210");
	b = H("0xfedcba9876543210f0e1d2c3b4a59687");
	ok(u256_mul(&r, &a, &b) == 0, "128 x 128 bits fits");
	is_str(hex(&r), "0x121fa00ad77d7423324969a409ab9ad85937ab2b2f2ea10566767563400bc670", "128 x 128 bits product");
	a = H("0x123456789abcdef0fedcba98765432100123456789abcdef");
	ok(u256_mul(&r, &a, &b) == ERR_USAGE, "192 x 128 bits overflows");
	is_str(hex(&r), "0x324969a409ab9ad85a59a52bdca6784789bf5ff40418ba70a8a7b7d90b4ea309", "and wraps mod 2^256");
	a = H("0xdeadbeefcafebabe0123456789abcdef00112233445566778899aabbccddeeff");
	ok(u256_mul_u64(&r, &a, 3) == ERR_USAGE, "mul by a small number overflows");
	is_str(hex(&r), "0x9c093ccf60fc303a0369d0369d0369cd00336699cd00336699cd00336699ccfd", "and wraps");
	u256_max(&m);
	ok(u256_mul_u64(&r, &m, 1) == 0 && u256_cmp(&r, &m) == 0, "x * 1 = x");
	ok(u256_mul_u64(&r, &m, 0) == 0 && u256_is_zero(&r), "x * 0 = 0");
	{
		/* (2^128-1)^2 = 2^256 - 2^129 + 1 */
		struct u256 h = H("0xffffffffffffffffffffffffffffffff");
		ok(u256_mul(&r, &h, &h) == 0, "(2^128-1)^2 fits");
		is_str(hex(&r), "0xfffffffffffffffffffffffffffffffe00000000000000000000000000000001", "(2^128-1)^2");
	}

	/* div */
	ok(u256_divmod_u64(&q, &rem, &m, 1000000000000000000ull) == 0, "divide by 10^18");
	is_str(dec(&q), "115792089237316195423570985008687907853269984665640564039457", "(2^256-1) / 10^18");
	is_int(rem, 584007913129639935ll, "(2^256-1) %% 10^18");
	ok(u256_divmod_u64(&q, &rem, &m, 0xfffffffffffffffbull) == 0, "divide by a 64-bit number");
	is_str(hex(&q), "0x100000000000000050000000000000019000000000000007d", "quotient by 2^64-5");
	is_int(rem, 0x270, "remainder by 2^64-5");
	ok(u256_divmod_u64(&q, &rem, &m, 0) == ERR_USAGE, "division by zero is refused");
	b = H("0x1234567890abcdef1234567890abcdef");
	ok(u256_divmod(&q, &r, &a, &b) == 0, "u256 / u256");
	is_str(hex(&q), "0xc3b6b4d12da39a88ab0616e23118f390d", "quotient");
	is_str(hex(&r), "0x9354d140493a722b4335c144bc942dc", "remainder");
	ok(u256_divmod(&q, &r, &b, &a) == 0 && u256_is_zero(&q) && u256_cmp(&r, &b) == 0, "small / big = 0 rem small");
	ok(u256_divmod(&q, &r, &m, &m) == 0 && q.w[0] == 1 && u256_is_zero(&r), "x / x = 1");
	u256_from_u64(&b, 1);
	ok(u256_divmod(&q, &r, &m, &b) == 0 && u256_cmp(&q, &m) == 0, "x / 1 = x");
	u256_zero(&b);
	ok(u256_divmod(&q, &r, &m, &b) == ERR_USAGE, "u256 division by zero is refused");
	/* q*d + r = a over a spread of values */
	{
		int good = 1;
		struct u256 d = H("0x1");
		for (int i = 0; i < 200; i++) {
			struct u256 back;
			if (u256_mul_u64(&d, &d, 7) || u256_add_u64(&d, &d, (uint64_t)i))
				break;
			if (u256_divmod(&q, &r, &a, &d) || u256_mul(&back, &q, &d) || u256_add(&back, &back, &r) ||
			    u256_cmp(&back, &a) != 0 || u256_cmp(&r, &d) >= 0)
				good = 0;
		}
		ok(good, "q * d + r = a and r < d for divisors of every size");
	}

	/* shifts, neg, bits */
	u256_shr(&r, &a, 100);
	is_str(hex(&r), "0xdeadbeefcafebabe0123456789abcdef0011223", "shift right 100");
	u256_shl(&r, &a, 77);
	is_str(hex(&r), "0x68acf13579bde0022446688aaccef1133557799bbddfe0000000000000000000", "shift left 77");
	u256_shl(&r, &a, 256);
	ok(u256_is_zero(&r), "shift by 256 is zero");
	u256_from_u64(&b, 1);
	u256_neg(&r, &b);
	ok(u256_cmp(&r, &m) == 0, "-1 is 2^256-1 in two's complement");
	is_int(u256_bits(&a), 256, "bits of a 256-bit value");
	is_int(u256_bits(&b), 1, "bits of 1");
	ok(u256_to_u64(&x, &b) == 0 && x == 1, "to u64");
	ok(u256_to_u64(&x, &a) == ERR_USAGE, "to u64 refuses a big value");
	ok(u256_pow10(&r, 77) == 0, "10^77 fits");
	is_str(dec(&r), "100000000000000000000000000000000000000000000000000000000000000000000000000000", "10^77");
	ok(u256_pow10(&r, 78) == ERR_USAGE, "10^78 does not");
}

static void parse_ok(const char *text, unsigned decimals, const char *want)
{
	struct u256 v;
	struct error e = {0};
	int is_max = -1;
	int rc = amount_parse(&v, &is_max, text, decimals, &e);
	ok(rc == 0 && is_max == 0, "'%s' with %u decimals parses%s%s", text, decimals, rc ? ": " : "", rc ? e.msg : "");
	is_str(dec(&v), want, "'%s' with %u decimals = %s base units", text, decimals, want);
}

static void parse_bad(const char *text, unsigned decimals, const char *msg)
{
	struct u256 v;
	struct error e = {0};
	int is_max;
	ok(amount_parse(&v, &is_max, text, decimals, &e) == ERR_USAGE, "'%s' with %u decimals is refused", text,
	   decimals);
	if (msg)
		is_str(e.msg, msg, "message for '%s'", text);
}

static void format_is(const char *value, unsigned decimals, const char *want)
{
	char out[AMOUNT_FMT_MAX];
	struct u256 v = H(value);
	ok(amount_format(out, sizeof out, &v, decimals) == 0, "format %s with %u decimals", value, decimals);
	is_str(out, want, "%s with %u decimals prints as %s", value, decimals, want);
}

static void test_amount(void)
{
	struct u256 v;
	struct error e = {0};
	int is_max;
	uint64_t u;
	char out[AMOUNT_FMT_MAX];

	parse_ok("0.000000001", 9, "1");
	parse_ok("1.5", 18, "1500000000000000000");
	parse_ok("1", 18, "1000000000000000000");
	parse_ok("0", 18, "0");
	parse_ok("0.0", 6, "0");
	parse_ok("42", 0, "42");
	parse_ok(".5", 1, "5");
	parse_ok("007.25", 2, "725");
	parse_ok("1.50", 1, "15");
	parse_ok("1.000000000", 9, "1000000000");
	parse_ok("123456789.123456789", 9, "123456789123456789");
	parse_ok("0.000001", 6, "1");
	/* the largest u256 amount with 18 decimals, and 2^256-1 with no decimals */
	parse_ok("115792089237316195423570985008687907853269984665640564039457.584007913129639935", 18, MAX_DEC);
	parse_ok(MAX_DEC, 0, MAX_DEC);

	parse_bad("1.0000000001", 9, "amount '1.0000000001' has more than 9 decimals");
	parse_bad("0.05", 1, "amount '0.05' has more than 1 decimal");
	parse_bad("1.5", 0, "amount '1.5' has more than 0 decimals");
	parse_bad("115792089237316195423570985008687907853269984665640564039457.584007913129639936", 18,
		  "amount '1157920892373161954235709850086879078532' is too large");
	parse_bad("115792089237316195423570985008687907853269984665640564039458", 18, NULL);
	parse_bad("1", 78, "amount '1' is too large");
	parse_bad("", 9, "empty amount");
	parse_bad("-1", 9, "amount '-1' is negative");
	parse_bad("+1", 9, "amount '+1' has a sign; write the digits alone");
	parse_bad(" 1", 9, "amount ' 1' has spaces");
	parse_bad("1 ", 9, "amount '1 ' has spaces");
	parse_bad("1e-9", 9, "amount '1e-9' has an exponent; write all the digits");
	parse_bad("1E18", 18, "amount '1E18' has an exponent; write all the digits");
	parse_bad("1,5", 9, "amount '1,5' has a ','; write digits and at most one '.'");
	parse_bad("1.", 9, "amount '1.' has no digits after the '.'");
	parse_bad(".", 9, "amount '.' is not a decimal number");
	parse_bad("1.2.3", 9, "amount '1.2.3' is not a decimal number");
	parse_bad("0x10", 9, "amount '0x10' is hex; write a decimal number");
	parse_bad("abc", 9, "amount 'abc' is not a decimal number");
	parse_bad("1.5eth", 18, "amount '1.5eth' is not a decimal number");
	parse_bad("NaN", 18, NULL);
	parse_bad("inf", 18, NULL);
	parse_bad("1", 256, "256 decimals is more than 255");

	/* max */
	ok(amount_parse(&v, &is_max, "max", 18, &e) == 0 && is_max == 1 && u256_is_zero(&v), "'max' sets is_max");
	ok(amount_parse(&v, &is_max, "MAX", 18, &e) == 0 && is_max == 1, "'MAX' too");
	ok(amount_parse(&v, NULL, "max", 18, &e) == ERR_USAGE, "'max' is refused without is_max");
	is_str(e.msg, "amount 'max' is not allowed here", "message for a refused max");
	ok(amount_parse(&v, NULL, "1.5", 18, &e) == 0, "is_max may be NULL");
	ok(amount_parse(&v, &is_max, "maximum", 18, &e) == ERR_USAGE, "'maximum' is not max");

	/* u64 */
	ok(amount_parse_u64(&u, NULL, "18446744073.709551615", 9, &e) == 0 && u == UINT64_MAX, "u64: 2^64-1 lamports");
	ok(amount_parse_u64(&u, NULL, "18446744073.709551616", 9, &e) == ERR_USAGE, "u64: 2^64 lamports is refused");
	is_str(e.msg, "amount '18446744073.709551616' is too large", "u64 message");
	ok(amount_parse_u64(&u, NULL, "0.000000001", 9, &e) == 0 && u == 1, "u64: one lamport");
	ok(amount_parse_u64(&u, NULL, "2.5", 9, &e) == 0 && u == 2500000000ull, "u64: 2.5 SOL");

	/* format */
	format_is("1500000000000000000", 18, "1.5");
	format_is("1", 9, "0.000000001");
	format_is("0", 9, "0");
	format_is("0", 0, "0");
	format_is("42", 0, "42");
	format_is("1000000000000000000", 18, "1");
	format_is("100", 2, "1");
	format_is("1010", 2, "10.1");
	format_is("123456789123456789", 9, "123456789.123456789");
	format_is(MAX_DEC, 18, "115792089237316195423570985008687907853269984665640564039457.584007913129639935");
	format_is(MAX_DEC, 0, MAX_DEC);
	{
		char want[AMOUNT_FMT_MAX] = "0.";
		memset(want + 2, '0', 99);
		strcpy(want + 101, "5");
		format_is("5", 100, want);
	}
	ok(amount_format_u64(out, sizeof out, UINT64_MAX, 9) == 0, "format u64");
	is_str(out, "18446744073.709551615", "2^64-1 lamports");
	ok(amount_format_u64(out, 4, 12345, 0) == ERR_USAGE, "a short buffer is refused");
	ok(amount_format_u64(out, sizeof out, 1, 256) == ERR_USAGE, "256 decimals are refused");

	/* parse(format(x)) = x */
	{
		int good = 1;
		struct u256 x = H("0x1"), back;
		for (int i = 0; i < 250 && good; i++) {
			for (unsigned d = 0; d <= 30; d += 6) {
				if (amount_format(out, sizeof out, &x, d) ||
				    amount_parse(&back, NULL, out, d, &e) || u256_cmp(&back, &x) != 0)
					good = 0;
			}
			if (u256_mul_u64(&x, &x, 13) || u256_add_u64(&x, &x, (uint64_t)i))
				break;
		}
		ok(good, "amount_parse(amount_format(x)) = x over many values and decimals");
	}
}

int main(void)
{
	test_u256();
	test_amount();
	return tap_done();
}
