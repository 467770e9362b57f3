/* Exact decimal amounts <-> base units. */
#include "config.h"
#include "amount.h"

#include <string.h>
#include <strings.h>

#define Q 40 /* characters of the text quoted in messages */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Names what is wrong with text that is not digits[.digits]. */
static int refuse(const char *text, struct error *e)
{
	const char *p;
	if (strpbrk(text, " \t\n\r\v\f"))
		return error_set(e, ERR_USAGE, "amount '%.*s' has spaces", Q, text);
	if (text[0] == '-')
		return error_set(e, ERR_USAGE, "amount '%.*s' is negative", Q, text);
	if (text[0] == '+')
		return error_set(e, ERR_USAGE, "amount '%.*s' has a sign; write the digits alone", Q, text);
	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
		return error_set(e, ERR_USAGE, "amount '%.*s' is hex; write a decimal number", Q, text);
	if (strchr(text, ','))
		return error_set(e, ERR_USAGE, "amount '%.*s' has a ','; write digits and at most one '.'", Q, text);
	for (p = text; is_digit(*p) || *p == '.'; p++)
		;
	if ((*p == 'e' || *p == 'E') && p > text) {
		const char *x = p + 1 + (p[1] == '-' || p[1] == '+');
		while (is_digit(*x))
			x++;
		if (!*x && x > p + 1 && is_digit(x[-1]))
			return error_set(e, ERR_USAGE, "amount '%.*s' has an exponent; write all the digits", Q, text);
	}
	return error_set(e, ERR_USAGE, "amount '%.*s' is not a decimal number", Q, text);
}

int amount_parse(struct u256 *out, int *is_max, const char *text, unsigned decimals, struct error *e)
{
	struct u256 v;
	const char *p = text, *dot = NULL, *frac_end;
	size_t int_digits = 0, frac_digits = 0;

	u256_zero(out);
	if (is_max)
		*is_max = 0;
	if (decimals > AMOUNT_MAX_DECIMALS)
		return error_set(e, ERR_USAGE, "%u decimals is more than %u", decimals, AMOUNT_MAX_DECIMALS);
	if (!text[0])
		return error_set(e, ERR_USAGE, "empty amount");
	if (strcasecmp(text, "max") == 0) {
		if (!is_max)
			return error_set(e, ERR_USAGE, "amount 'max' is not allowed here");
		*is_max = 1;
		return 0;
	}

	/* shape: digits [ '.' digits ] */
	for (; is_digit(*p); p++)
		int_digits++;
	if (*p == '.') {
		dot = p++;
		for (; is_digit(*p); p++)
			frac_digits++;
	}
	if (*p || (!int_digits && !frac_digits))
		return refuse(text, e);
	if (dot && !frac_digits)
		return error_set(e, ERR_USAGE, "amount '%.*s' has no digits after the '.'", Q, text);

	/* fraction digits past the decimals must be zeros */
	frac_end = dot ? dot + 1 + frac_digits : p;
	while (frac_digits > decimals && frac_end[-1] == '0') {
		frac_end--;
		frac_digits--;
	}
	if (frac_digits > decimals)
		return error_set(e, ERR_USAGE, "amount '%.*s' has more than %u decimal%s", Q, text, decimals,
				 decimals == 1 ? "" : "s");

	u256_zero(&v);
	for (p = text; p < frac_end; p++) {
		if (p == dot)
			continue;
		if (u256_mul_u64(&v, &v, 10) || u256_add_u64(&v, &v, (uint64_t)(*p - '0')))
			goto too_large;
	}
	for (size_t i = frac_digits; i < decimals; i++) {
		if (u256_is_zero(&v))
			break;
		if (u256_mul_u64(&v, &v, 10))
			goto too_large;
	}
	*out = v;
	return 0;
too_large:
	return error_set(e, ERR_USAGE, "amount '%.*s' is too large", Q, text);
}

int amount_parse_u64(uint64_t *out, int *is_max, const char *text, unsigned decimals, struct error *e)
{
	struct u256 v;
	int rc;
	*out = 0;
	rc = amount_parse(&v, is_max, text, decimals, e);
	if (rc)
		return rc;
	if (u256_to_u64(out, &v))
		return error_set(e, ERR_USAGE, "amount '%.*s' is too large", Q, text);
	return 0;
}

int amount_format(char *out, size_t out_size, const struct u256 *v, unsigned decimals)
{
	char digits[U256_DEC_MAX], buf[AMOUNT_FMT_MAX];
	size_t n, len = 0;

	if (out_size)
		out[0] = '\0';
	if (decimals > AMOUNT_MAX_DECIMALS)
		return ERR_USAGE;
	if (u256_format_dec(digits, sizeof digits, v))
		return ERR_FAIL;
	n = strlen(digits);
	if (n <= decimals) {
		/* 0.000ddd */
		buf[len++] = '0';
		buf[len++] = '.';
		for (size_t i = n; i < decimals; i++)
			buf[len++] = '0';
		memcpy(buf + len, digits, n);
		len += n;
	} else {
		memcpy(buf, digits, n - decimals);
		len = n - decimals;
		buf[len++] = '.';
		memcpy(buf + len, digits + n - decimals, decimals);
		len += decimals;
	}
	/* drop trailing zeros of the fraction, and the '.' if nothing is left */
	while (buf[len - 1] == '0' && memchr(buf, '.', len))
		len--;
	if (buf[len - 1] == '.')
		len--;
	if (len + 1 > out_size)
		return ERR_USAGE;
	memcpy(out, buf, len);
	out[len] = '\0';
	return 0;
}

int amount_format_u64(char *out, size_t out_size, uint64_t v, unsigned decimals)
{
	struct u256 t;
	u256_from_u64(&t, v);
	return amount_format(out, out_size, &t, decimals);
}
