/* Contract ABI: type strings, value trees, encoding and strict decoding. */
#include "config.h"
#include "chains/evm/abi.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "keccak.h"
#include "wallet/address.h"

/* ---- a growable string ---- */

struct sb {
	char *s;
	size_t len, cap;
	int failed;
};

static void sb_put(struct sb *b, const void *p, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1) {
			if (cap > SIZE_MAX / 2) {
				b->failed = 1;
				return;
			}
			cap *= 2;
		}
		char *s = realloc(b->s, cap);
		if (!s) {
			b->failed = 1;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->len, p, n); /* NOLINT(clang-analyzer-core.NonNullParamChecker): b->s is allocated above when empty */
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_puts(struct sb *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static void sb_printf(struct sb *b, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp)
		b->failed = 1;
	else
		sb_put(b, tmp, (size_t)n);
}

static void sb_hex(struct sb *b, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	sb_puts(b, "0x");
	for (size_t i = 0; i < n; i++) {
		char two[2] = {digits[p[i] >> 4], digits[p[i] & 15]};
		sb_put(b, two, 2);
	}
}

/* Takes the string out of b (an empty string when nothing was written). */
static int sb_take(char **out, struct sb *b, struct error *e)
{
	if (!b->failed && !b->s)
		sb_put(b, "", 0);
	if (b->failed) {
		free(b->s);
		*out = NULL;
		return error_set(e, ERR_FAIL, "abi: out of memory");
	}
	*out = b->s;
	return 0;
}

/* ---- types ---- */

static void type_release(struct abi_type *t)
{
	if (t->elem) {
		type_release(t->elem);
		free(t->elem);
	}
	for (size_t i = 0; i < t->count; i++)
		type_release(&t->members[i]);
	free(t->members);
	free(t->name);
	memset(t, 0, sizeof *t);
}

void abi_type_free(struct abi_type *t)
{
	if (t) {
		type_release(t);
		free(t);
	}
}

int abi_type_is_dynamic(const struct abi_type *t)
{
	switch (t->kind) {
	case ABI_BYTES:
	case ABI_STRING:
	case ABI_ARRAY:
		return 1;
	case ABI_FIXED_ARRAY:
		return abi_type_is_dynamic(t->elem);
	case ABI_TUPLE:
		for (size_t i = 0; i < t->count; i++)
			if (abi_type_is_dynamic(&t->members[i]))
				return 1;
		return 0;
	default:
		return 0;
	}
}

/* Bytes the type takes in a head: 32 for dynamic types, else its whole
 * static encoding. Bounded by ABI_MAX_STATIC_SIZE, checked at parse time. */
static size_t head_size(const struct abi_type *t)
{
	size_t n = 0;
	if (abi_type_is_dynamic(t))
		return 32;
	switch (t->kind) {
	case ABI_FIXED_ARRAY:
		return t->len * head_size(t->elem);
	case ABI_TUPLE:
		for (size_t i = 0; i < t->count; i++)
			n += head_size(&t->members[i]);
		return n;
	default:
		return 32;
	}
}

/* The static size with saturation, for the check at parse time. */
static size_t static_size_sat(const struct abi_type *t)
{
	size_t n = 0;
	if (abi_type_is_dynamic(t))
		return 32;
	switch (t->kind) {
	case ABI_FIXED_ARRAY: {
		size_t s = static_size_sat(t->elem);
		if (t->len && s > SIZE_MAX / t->len)
			return SIZE_MAX;
		return t->len * s;
	}
	case ABI_TUPLE:
		for (size_t i = 0; i < t->count; i++) {
			size_t s = static_size_sat(&t->members[i]);
			if (s > SIZE_MAX - n)
				return SIZE_MAX;
			n += s;
		}
		return n;
	default:
		return 32;
	}
}

static size_t type_depth(const struct abi_type *t)
{
	size_t d = 0;
	if (t->elem)
		d = type_depth(t->elem);
	for (size_t i = 0; i < t->count; i++) {
		size_t m = type_depth(&t->members[i]);
		if (m > d)
			d = m;
	}
	return (t->kind == ABI_ARRAY || t->kind == ABI_FIXED_ARRAY || t->kind == ABI_TUPLE) ? d + 1 : d;
}

struct tparser {
	const char *s, *p;
	struct error *e;
};

#define Q 60 /* characters of a type string quoted in messages */

static int tfail(struct tparser *P, const char *what)
{
	return error_set(P->e, ERR_USAGE, "abi: %s at character %zu of '%.*s'", what, (size_t)(P->p - P->s) + 1, Q,
			 P->s);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_ws(struct tparser *P)
{
	while (is_space(*P->p))
		P->p++;
}

static int is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

static int is_ident(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

/* Parses a decimal in [lo, hi] from s[0..n); -1 if it is not one. */
static long small_num(const char *s, size_t n, long lo, long hi)
{
	long v = 0;
	if (n == 0 || n > 9 || (s[0] == '0' && n > 1))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v >= lo && v <= hi ? v : -1;
}

static int parse_elementary(struct tparser *P, struct abi_type *t)
{
	const char *w = P->p;
	size_t n;
	while ((*P->p >= 'a' && *P->p <= 'z') || (*P->p >= '0' && *P->p <= '9'))
		P->p++;
	n = (size_t)(P->p - w);
#define IS(lit) (n == sizeof(lit) - 1 && memcmp(w, lit, n) == 0)
	if (IS("address")) {
		t->kind = ABI_ADDRESS;
	} else if (IS("bool")) {
		t->kind = ABI_BOOL;
	} else if (IS("string")) {
		t->kind = ABI_STRING;
	} else if (IS("bytes")) {
		t->kind = ABI_BYTES;
	} else if (IS("uint") || IS("int")) {
		t->kind = w[0] == 'u' ? ABI_UINT : ABI_INT;
		t->size = 256;
	} else if (n > 5 && memcmp(w, "bytes", 5) == 0) {
		long v = small_num(w + 5, n - 5, 1, 32);
		if (v < 0) {
			P->p = w;
			return tfail(P, "bytesN needs N from 1 to 32");
		}
		t->kind = ABI_FIXED_BYTES;
		t->size = (unsigned)v;
	} else if ((n > 4 && memcmp(w, "uint", 4) == 0) || (n > 3 && memcmp(w, "int", 3) == 0)) {
		size_t skip = w[0] == 'u' ? 4 : 3;
		long v = small_num(w + skip, n - skip, 8, 256);
		if (v < 0 || v % 8) {
			P->p = w;
			return tfail(P, "uintN and intN need N a multiple of 8 from 8 to 256");
		}
		t->kind = w[0] == 'u' ? ABI_UINT : ABI_INT;
		t->size = (unsigned)v;
	} else {
		P->p = w;
		if ((n >= 5 && memcmp(w, "fixed", 5) == 0) || (n >= 6 && memcmp(w, "ufixed", 6) == 0) ||
		    IS("function"))
			return tfail(P, "fixed, ufixed and function types are not supported");
		return tfail(P, "unknown type");
	}
#undef IS
	return 0;
}

static int parse_type(struct tparser *P, struct abi_type *t, int depth, int top);

static int parse_tuple(struct tparser *P, struct abi_type *t, int depth)
{
	size_t cap = 0;
	t->kind = ABI_TUPLE;
	P->p++; /* '(' */
	skip_ws(P);
	if (*P->p == ')') {
		P->p++;
		return 0;
	}
	for (;;) {
		int rc;
		if (t->count == ABI_MAX_MEMBERS)
			return tfail(P, "too many tuple members");
		if (t->count == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			struct abi_type *m = realloc(t->members, ncap * sizeof *m);
			if (!m)
				return error_set(P->e, ERR_FAIL, "abi: out of memory");
			t->members = m;
			cap = ncap;
		}
		struct abi_type *m = &t->members[t->count];
		memset(m, 0, sizeof *m);
		t->count++;
		skip_ws(P);
		rc = parse_type(P, m, depth + 1, 0);
		if (rc)
			return rc;
		skip_ws(P);
		/* optional "indexed" and a name */
		for (int words = 0; is_ident_start(*P->p); words++) {
			const char *w = P->p;
			while (is_ident(*P->p))
				P->p++;
			size_t n = (size_t)(P->p - w);
			if (words == 0 && n == 7 && memcmp(w, "indexed", 7) == 0) {
				m->indexed = 1;
			} else if (!m->name) {
				m->name = strndup(w, n);
				if (!m->name)
					return error_set(P->e, ERR_FAIL, "abi: out of memory");
			} else {
				P->p = w;
				return tfail(P, "unexpected word");
			}
			skip_ws(P);
		}
		if (*P->p == ',') {
			P->p++;
			continue;
		}
		if (*P->p == ')') {
			P->p++;
			return 0;
		}
		return tfail(P, *P->p ? "expected ',' or ')'" : "missing ')'");
	}
}

static int parse_type(struct tparser *P, struct abi_type *t, int depth, int top)
{
	int rc, suffixes = 0;
	if (depth > ABI_MAX_DEPTH)
		return tfail(P, "types nest too deep");
	if (*P->p == '(') {
		rc = parse_tuple(P, t, depth);
		if (rc)
			return rc;
		if (t->count == 0 && !(top && *P->p != '['))
			return tfail(P, "an empty tuple can only stand alone");
	} else {
		rc = parse_elementary(P, t);
		if (rc)
			return rc;
	}
	while (*P->p == '[') {
		const char *num = ++P->p;
		size_t n;
		struct abi_type *inner;
		if (++suffixes > ABI_MAX_DEPTH)
			return tfail(P, "types nest too deep");
		while (*P->p >= '0' && *P->p <= '9')
			P->p++;
		n = (size_t)(P->p - num);
		if (*P->p != ']')
			return tfail(P, "expected ']'");
		long len = 0;
		if (n) {
			len = small_num(num, n, 1, ABI_MAX_STATIC_SIZE / 32);
			if (len < 0) {
				P->p = num;
				return tfail(P, "a fixed array length must be from 1 to 32768");
			}
		}
		P->p++;
		inner = malloc(sizeof *inner);
		if (!inner)
			return error_set(P->e, ERR_FAIL, "abi: out of memory");
		*inner = *t;
		inner->name = NULL;
		inner->indexed = 0;
		memset(t, 0, sizeof *t);
		t->kind = n ? ABI_FIXED_ARRAY : ABI_ARRAY;
		t->len = (size_t)len;
		t->elem = inner;
	}
	return 0;
}

static int type_check_limits(struct tparser *P, const struct abi_type *t)
{
	if (type_depth(t) > ABI_MAX_DEPTH)
		return error_set(P->e, ERR_USAGE, "abi: '%.*s' nests deeper than %d", Q, P->s, ABI_MAX_DEPTH);
	if (!abi_type_is_dynamic(t) && static_size_sat(t) > ABI_MAX_STATIC_SIZE)
		return error_set(P->e, ERR_USAGE, "abi: '%.*s' is too large", Q, P->s);
	/* members: the check above covers static ones; dynamic types may hold
	 * large static parts too */
	if (t->elem && t->kind != ABI_FIXED_ARRAY && !abi_type_is_dynamic(t->elem) &&
	    static_size_sat(t->elem) > ABI_MAX_STATIC_SIZE)
		return error_set(P->e, ERR_USAGE, "abi: '%.*s' is too large", Q, P->s);
	if (t->elem && type_check_limits(P, t->elem))
		return ERR_USAGE;
	for (size_t i = 0; i < t->count; i++)
		if (type_check_limits(P, &t->members[i]))
			return ERR_USAGE;
	return 0;
}

int abi_type_parse(struct abi_type **out, const char *s, struct error *e)
{
	struct tparser P = {s, s, e};
	struct abi_type *t = calloc(1, sizeof *t);
	int rc;
	*out = NULL;
	if (!t)
		return error_set(e, ERR_FAIL, "abi: out of memory");
	skip_ws(&P);
	rc = parse_type(&P, t, 0, 1);
	if (!rc) {
		skip_ws(&P);
		if (*P.p)
			rc = tfail(&P, "unexpected text");
	}
	if (!rc)
		rc = type_check_limits(&P, t);
	if (rc) {
		abi_type_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

static void type_format(struct sb *b, const struct abi_type *t)
{
	switch (t->kind) {
	case ABI_UINT:
		sb_printf(b, "uint%u", t->size);
		break;
	case ABI_INT:
		sb_printf(b, "int%u", t->size);
		break;
	case ABI_ADDRESS:
		sb_puts(b, "address");
		break;
	case ABI_BOOL:
		sb_puts(b, "bool");
		break;
	case ABI_FIXED_BYTES:
		sb_printf(b, "bytes%u", t->size);
		break;
	case ABI_BYTES:
		sb_puts(b, "bytes");
		break;
	case ABI_STRING:
		sb_puts(b, "string");
		break;
	case ABI_ARRAY:
		type_format(b, t->elem);
		sb_puts(b, "[]");
		break;
	case ABI_FIXED_ARRAY:
		type_format(b, t->elem);
		sb_printf(b, "[%zu]", t->len);
		break;
	case ABI_TUPLE:
		sb_puts(b, "(");
		for (size_t i = 0; i < t->count; i++) {
			if (i)
				sb_puts(b, ",");
			type_format(b, &t->members[i]);
		}
		sb_puts(b, ")");
		break;
	}
}

int abi_type_format(char *out, size_t out_size, const struct abi_type *t)
{
	struct sb b = {0};
	int rc = 0;
	type_format(&b, t);
	if (b.failed || !b.s || b.len + 1 > out_size) {
		rc = ERR_USAGE;
		if (out_size)
			out[0] = '\0';
	} else {
		memcpy(out, b.s, b.len + 1);
	}
	free(b.s);
	return rc;
}

/* ---- functions, events, errors ---- */

void abi_selector(uint8_t out[4], const char *signature)
{
	uint8_t h[32];
	keccak256(h, signature, strlen(signature));
	memcpy(out, h, 4);
}

void abi_func_release(struct abi_func *f)
{
	free(f->name);
	abi_type_free(f->inputs);
	abi_type_free(f->outputs);
	free(f->signature);
	memset(f, 0, sizeof *f);
}

static int parse_params(struct tparser *P, struct abi_type **out)
{
	struct abi_type *t = calloc(1, sizeof *t);
	int rc;
	if (!t)
		return error_set(P->e, ERR_FAIL, "abi: out of memory");
	rc = parse_tuple(P, t, 0);
	if (!rc)
		rc = type_check_limits(P, t);
	if (rc) {
		abi_type_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

int abi_func_parse(struct abi_func *f, const char *sig, struct error *e)
{
	struct tparser P = {sig, sig, e};
	struct sb b = {0};
	const char *name;
	int rc;

	memset(f, 0, sizeof *f);
	skip_ws(&P);
	name = P.p;
	if (!is_ident_start(*P.p))
		return tfail(&P, "expected a function name");
	while (is_ident(*P.p))
		P.p++;
	f->name = strndup(name, (size_t)(P.p - name));
	if (!f->name)
		return error_set(e, ERR_FAIL, "abi: out of memory");
	if (*P.p != '(') {
		rc = tfail(&P, "expected '('");
		goto fail;
	}
	rc = parse_params(&P, &f->inputs);
	if (rc)
		goto fail;
	skip_ws(&P);
	if (strncmp(P.p, "returns", 7) == 0 && !is_ident(P.p[7])) {
		P.p += 7;
		skip_ws(&P);
		if (*P.p != '(') {
			rc = tfail(&P, "expected '(' after returns");
			goto fail;
		}
	}
	if (*P.p == '(') {
		rc = parse_params(&P, &f->outputs);
		if (rc)
			goto fail;
		skip_ws(&P);
	}
	if (*P.p) {
		rc = tfail(&P, "unexpected text");
		goto fail;
	}
	sb_puts(&b, f->name);
	type_format(&b, f->inputs);
	rc = sb_take(&f->signature, &b, e);
	if (rc)
		goto fail;
	keccak256(f->topic, f->signature, strlen(f->signature));
	memcpy(f->selector, f->topic, 4);
	return 0;
fail:
	abi_func_release(f);
	return rc;
}

/* ---- values ---- */

void abi_value_init(struct abi_value *v)
{
	memset(v, 0, sizeof *v);
}

void abi_value_release(struct abi_value *v)
{
	for (size_t i = 0; i < v->count; i++)
		abi_value_release(&v->items[i]);
	free(v->items);
	free(v->data);
	memset(v, 0, sizeof *v);
}

void abi_value_uint(struct abi_value *v, const struct u256 *n)
{
	abi_value_init(v);
	v->kind = ABI_UINT;
	v->num = *n;
}

void abi_value_uint64(struct abi_value *v, uint64_t n)
{
	struct u256 t;
	u256_from_u64(&t, n);
	abi_value_uint(v, &t);
}

void abi_value_int(struct abi_value *v, const struct u256 *twos)
{
	abi_value_init(v);
	v->kind = ABI_INT;
	v->num = *twos;
}

void abi_value_int64(struct abi_value *v, int64_t n)
{
	struct u256 t;
	u256_from_u64(&t, n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n);
	if (n < 0)
		u256_neg(&t, &t);
	abi_value_int(v, &t);
}

void abi_value_bool(struct abi_value *v, int b)
{
	abi_value_init(v);
	v->kind = ABI_BOOL;
	u256_from_u64(&v->num, b ? 1 : 0);
}

void abi_value_address(struct abi_value *v, const uint8_t addr[20])
{
	abi_value_init(v);
	v->kind = ABI_ADDRESS;
	memcpy(v->fixed, addr, 20);
	v->size = 20;
}

int abi_value_fixed_bytes(struct abi_value *v, const void *data, size_t len)
{
	abi_value_init(v);
	if (len < 1 || len > 32)
		return ERR_USAGE;
	v->kind = ABI_FIXED_BYTES;
	memcpy(v->fixed, data, len);
	v->size = len;
	return 0;
}

static int set_data(struct abi_value *v, enum abi_kind kind, const void *data, size_t len)
{
	abi_value_init(v);
	v->kind = kind;
	v->data = malloc(len + 1);
	if (!v->data)
		return ERR_FAIL;
	if (len)
		memcpy(v->data, data, len);
	v->data[len] = 0;
	v->len = len;
	return 0;
}

int abi_value_bytes(struct abi_value *v, const void *data, size_t len)
{
	return set_data(v, ABI_BYTES, data, len);
}

int abi_value_string(struct abi_value *v, const char *s)
{
	return set_data(v, ABI_STRING, s, strlen(s));
}

static int set_items(struct abi_value *v, enum abi_kind kind, size_t count)
{
	abi_value_init(v);
	v->kind = kind;
	if (count) {
		v->items = calloc(count, sizeof *v->items);
		if (!v->items)
			return ERR_FAIL;
	}
	v->count = count;
	return 0;
}

int abi_value_array(struct abi_value *v, size_t count)
{
	return set_items(v, ABI_ARRAY, count);
}

int abi_value_tuple(struct abi_value *v, size_t count)
{
	return set_items(v, ABI_TUPLE, count);
}

/* ---- checking a value against a type ---- */

static const char *kind_name(enum abi_kind k)
{
	switch (k) {
	case ABI_UINT:
		return "an unsigned integer";
	case ABI_INT:
		return "a signed integer";
	case ABI_ADDRESS:
		return "an address";
	case ABI_BOOL:
		return "a bool";
	case ABI_FIXED_BYTES:
		return "fixed bytes";
	case ABI_BYTES:
		return "bytes";
	case ABI_STRING:
		return "a string";
	case ABI_ARRAY:
	case ABI_FIXED_ARRAY:
		return "an array";
	case ABI_TUPLE:
		return "a tuple";
	}
	return "nothing";
}

/* Whether a 256-bit two's complement value fits intN. */
static int int_fits(const struct u256 *v, unsigned bits)
{
	struct u256 hi, ones;
	if (bits >= 256)
		return 1;
	u256_shr(&hi, v, bits - 1);
	u256_max(&ones);
	u256_shr(&ones, &ones, bits - 1);
	return u256_is_zero(&hi) || u256_cmp(&hi, &ones) == 0;
}

static int uint_fits(const struct u256 *v, unsigned bits)
{
	struct u256 hi;
	if (bits >= 256)
		return 1;
	u256_shr(&hi, v, bits);
	return u256_is_zero(&hi);
}

static const struct abi_type *child_type(const struct abi_type *t, size_t i)
{
	return t->kind == ABI_TUPLE ? &t->members[i] : t->elem;
}

static int check_value(const struct abi_type *t, const struct abi_value *v, struct error *e)
{
	char tname[128];
	int kind_ok = v->kind == t->kind || (t->kind == ABI_FIXED_ARRAY && v->kind == ABI_ARRAY);
	if (abi_type_format(tname, sizeof tname, t))
		strcpy(tname, "the type");
	if (!kind_ok)
		return error_set(e, ERR_USAGE, "abi: %s is given for %s", kind_name(v->kind), tname);
	switch (t->kind) {
	case ABI_UINT:
		if (!uint_fits(&v->num, t->size))
			return error_set(e, ERR_USAGE, "abi: the value does not fit %s", tname);
		return 0;
	case ABI_INT:
		if (!int_fits(&v->num, t->size))
			return error_set(e, ERR_USAGE, "abi: the value does not fit %s", tname);
		return 0;
	case ABI_BOOL:
		if (!uint_fits(&v->num, 1))
			return error_set(e, ERR_USAGE, "abi: a bool must be 0 or 1");
		return 0;
	case ABI_FIXED_BYTES:
		if (v->size != t->size)
			return error_set(e, ERR_USAGE, "abi: %zu bytes are given for %s", v->size, tname);
		return 0;
	case ABI_ADDRESS:
	case ABI_BYTES:
	case ABI_STRING:
		return 0;
	case ABI_FIXED_ARRAY:
	case ABI_TUPLE: {
		size_t want = t->kind == ABI_TUPLE ? t->count : t->len;
		if (v->count != want)
			return error_set(e, ERR_USAGE, "abi: %zu items are given for %s, which has %zu", v->count,
					 tname, want);
	}
	/* fall through */
	case ABI_ARRAY:
		for (size_t i = 0; i < v->count; i++) {
			int rc = check_value(child_type(t, i), &v->items[i], e);
			if (rc)
				return error_wrap(e, "item %zu", i + 1);
		}
		return 0;
	}
	return error_set(e, ERR_USAGE, "abi: unknown type");
}

/* ---- encoding ---- */

static size_t pad32(size_t n)
{
	return (n + 31) / 32 * 32;
}

/* Checked size arithmetic: sizes saturate at SIZE_MAX, refused later. */
static size_t add_sat(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static size_t enc_size(const struct abi_type *t, const struct abi_value *v);

static size_t seq_size(const struct abi_type *t, const struct abi_value *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->count; i++) {
		const struct abi_type *ct = child_type(t, i);
		n = add_sat(n, head_size(ct));
		if (abi_type_is_dynamic(ct))
			n = add_sat(n, enc_size(ct, &v->items[i]));
	}
	return n;
}

/* The size of enc(v): for a dynamic type, what the offset points at. */
static size_t enc_size(const struct abi_type *t, const struct abi_value *v)
{
	switch (t->kind) {
	case ABI_BYTES:
	case ABI_STRING:
		return add_sat(32, v->len > SIZE_MAX - 64 ? SIZE_MAX : pad32(v->len));
	case ABI_ARRAY:
		return add_sat(32, seq_size(t, v));
	case ABI_FIXED_ARRAY:
	case ABI_TUPLE:
		return seq_size(t, v);
	default:
		return 32;
	}
}

static void put_word_size(uint8_t *out, size_t n)
{
	memset(out, 0, 32);
	for (int i = 31; i >= 24; i--) {
		out[i] = (uint8_t)n;
		n = (size_t)((uint64_t)n >> 8);
	}
}

static size_t enc_write(uint8_t *out, const struct abi_type *t, const struct abi_value *v);

static size_t seq_write(uint8_t *out, const struct abi_type *t, const struct abi_value *v)
{
	size_t head = 0, tail = 0;
	for (size_t i = 0; i < v->count; i++)
		head += head_size(child_type(t, i));
	tail = head;
	for (size_t i = 0, pos = 0; i < v->count; i++) {
		const struct abi_type *ct = child_type(t, i);
		if (abi_type_is_dynamic(ct)) {
			put_word_size(out + pos, tail);
			tail += enc_write(out + tail, ct, &v->items[i]);
			pos += 32;
		} else {
			pos += enc_write(out + pos, ct, &v->items[i]);
		}
	}
	return tail;
}

static size_t enc_write(uint8_t *out, const struct abi_type *t, const struct abi_value *v)
{
	switch (t->kind) {
	case ABI_UINT:
	case ABI_INT:
	case ABI_BOOL:
		u256_to_be(out, &v->num);
		return 32;
	case ABI_ADDRESS:
		memset(out, 0, 12);
		memcpy(out + 12, v->fixed, 20);
		return 32;
	case ABI_FIXED_BYTES:
		memset(out, 0, 32);
		memcpy(out, v->fixed, t->size);
		return 32;
	case ABI_BYTES:
	case ABI_STRING:
		put_word_size(out, v->len);
		memset(out + 32, 0, pad32(v->len));
		if (v->len)
			memcpy(out + 32, v->data, v->len);
		return 32 + pad32(v->len);
	case ABI_ARRAY:
		put_word_size(out, v->count);
		return 32 + seq_write(out + 32, t, v);
	case ABI_FIXED_ARRAY:
	case ABI_TUPLE:
		return seq_write(out, t, v);
	}
	return 0;
}

/* Encodes with `prefix` bytes reserved in front. */
static int encode_prefixed(uint8_t **out, size_t *out_len, size_t prefix, const struct abi_type *tuple,
			   const struct abi_value *v, struct error *e)
{
	size_t n;
	uint8_t *buf;
	*out = NULL;
	*out_len = 0;
	if (tuple->kind != ABI_TUPLE)
		return error_set(e, ERR_USAGE, "abi: parameters must be a tuple type");
	if (v->kind != ABI_TUPLE)
		return error_set(e, ERR_USAGE, "abi: parameters must be a tuple value");
	if (v->count != tuple->count)
		return error_set(e, ERR_USAGE, "abi: %zu values are given for %zu parameters", v->count, tuple->count);
	for (size_t i = 0; i < v->count; i++) {
		int rc = check_value(&tuple->members[i], &v->items[i], e);
		if (rc)
			return error_wrap(e, "argument %zu", i + 1);
	}
	n = add_sat(prefix, seq_size(tuple, v));
	if (n > SIZE_MAX / 2)
		return error_set(e, ERR_USAGE, "abi: the encoding is too large");
	if (n == 0)
		return 0;
	buf = malloc(n);
	if (!buf)
		return error_set(e, ERR_FAIL, "abi: out of memory");
	seq_write(buf + prefix, tuple, v);
	*out = buf;
	*out_len = n;
	return 0;
}

int abi_encode_params(uint8_t **out, size_t *out_len, const struct abi_type *tuple, const struct abi_value *v,
		      struct error *e)
{
	return encode_prefixed(out, out_len, 0, tuple, v, e);
}

int abi_encode_call(uint8_t **out, size_t *out_len, const struct abi_func *f, const struct abi_value *args,
		    struct error *e)
{
	int rc = encode_prefixed(out, out_len, 4, f->inputs, args, e);
	if (rc)
		return error_wrap(e, "%s", f->signature);
	memcpy(*out, f->selector, 4); /* NOLINT(clang-analyzer-core.NonNullParamChecker): prefix 4 is always allocated */
	return 0;
}

int abi_encode_call_text(uint8_t **out, size_t *out_len, const char *signature, const char *const *argv,
			 size_t argc, struct error *e)
{
	struct abi_func f;
	struct abi_value args;
	int rc;
	*out = NULL;
	*out_len = 0;
	rc = abi_func_parse(&f, signature, e);
	if (rc)
		return rc;
	if (argc != f.inputs->count) {
		rc = error_set(e, ERR_USAGE, "abi: %s takes %zu argument%s, %zu given", f.signature, f.inputs->count,
			       f.inputs->count == 1 ? "" : "s", argc);
		goto out;
	}
	if (abi_value_tuple(&args, argc)) {
		rc = error_set(e, ERR_FAIL, "abi: out of memory");
		goto out;
	}
	for (size_t i = 0; i < argc; i++) {
		rc = abi_value_parse(&args.items[i], &f.inputs->members[i], argv[i], e);
		if (rc) {
			error_wrap(e, "argument %zu", i + 1);
			goto out_args;
		}
	}
	rc = abi_encode_call(out, out_len, &f, &args, e);
out_args:
	abi_value_release(&args);
out:
	abi_func_release(&f);
	return rc;
}

/* ---- decoding ---- */

struct dec {
	size_t budget;
	struct error *e;
};

static int charge(struct dec *d, size_t n)
{
	if (n > d->budget)
		return error_set(d->e, ERR_USAGE, "abi: the decoded value would take more than %u MiB",
				 ABI_DECODE_MAX_BYTES >> 20);
	d->budget -= n;
	return 0;
}

/* A word holding a size or offset: it must fit below `limit`. */
static int read_size(size_t *out, const uint8_t *w, size_t limit, const char *what, struct dec *d)
{
	uint64_t v = 0;
	for (int i = 0; i < 24; i++)
		if (w[i])
			return error_set(d->e, ERR_USAGE, "abi: %s is past the end of the data", what);
	for (int i = 24; i < 32; i++)
		v = v << 8 | w[i];
	if (v > limit)
		return error_set(d->e, ERR_USAGE, "abi: %s %llu is past the end of the data", what,
				 (unsigned long long)v);
	*out = (size_t)v;
	return 0;
}

static int dec_value(struct dec *d, const struct abi_type *t, const uint8_t *p, size_t avail, struct abi_value *v);

static int dec_seq(struct dec *d, const struct abi_type *t, size_t count, const uint8_t *p, size_t avail,
		   struct abi_value *v)
{
	size_t pos = 0, heads;
	int rc;
	if (count) {
		if (t->kind == ABI_TUPLE) {
			/* the members' heads (head_size(t) is 32 for a dynamic tuple) */
			heads = 0;
			for (size_t i = 0; i < count; i++)
				heads += head_size(&t->members[i]);
		} else {
			size_t hs = head_size(t->elem);
			if (hs == 0 || count > avail / hs)
				return error_set(d->e, ERR_USAGE, "abi: %zu items do not fit the %zu bytes of data",
						 count, avail);
			heads = count * hs;
		}
		if (heads > avail)
			return error_set(d->e, ERR_USAGE, "abi: the data ends early (%zu bytes, %zu needed)", avail,
					 heads);
		if (count > SIZE_MAX / sizeof *v->items)
			return error_set(d->e, ERR_USAGE, "abi: too many items");
		if (charge(d, count * sizeof *v->items))
			return ERR_USAGE;
		v->items = calloc(count, sizeof *v->items);
		if (!v->items)
			return error_set(d->e, ERR_FAIL, "abi: out of memory");
	}
	v->count = count;
	for (size_t i = 0; i < count; i++) {
		const struct abi_type *ct = child_type(t, i);
		if (abi_type_is_dynamic(ct)) {
			size_t off;
			rc = read_size(&off, p + pos, avail, "an offset", d);
			if (!rc)
				rc = dec_value(d, ct, p + off, avail - off, &v->items[i]);
			pos += 32;
		} else {
			rc = dec_value(d, ct, p + pos, avail - pos, &v->items[i]);
			pos += head_size(ct);
		}
		if (rc)
			return error_wrap(d->e, "item %zu", i + 1);
	}
	return 0;
}

static int all_bytes(const uint8_t *p, size_t n, uint8_t b)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != b)
			return 0;
	return 1;
}

static int dec_value(struct dec *d, const struct abi_type *t, const uint8_t *p, size_t avail, struct abi_value *v)
{
	char tname[128];
	size_t n;
	int rc;

	abi_value_init(v);
	v->kind = t->kind;
	if (t->kind != ABI_FIXED_ARRAY && t->kind != ABI_TUPLE && avail < 32)
		return error_set(d->e, ERR_USAGE, "abi: the data ends early");
	switch (t->kind) {
	case ABI_UINT:
		if (!all_bytes(p, 32 - t->size / 8, 0))
			return error_set(d->e, ERR_USAGE, "abi: uint%u has dirty high bits", t->size);
		u256_from_be(&v->num, p);
		return 0;
	case ABI_INT: {
		size_t pad = 32 - t->size / 8;
		if (pad && !all_bytes(p, pad, (p[pad] & 0x80) ? 0xff : 0))
			return error_set(d->e, ERR_USAGE, "abi: int%u is not sign-extended", t->size);
		u256_from_be(&v->num, p);
		return 0;
	}
	case ABI_BOOL:
		if (!all_bytes(p, 31, 0) || p[31] > 1)
			return error_set(d->e, ERR_USAGE, "abi: a bool is neither 0 nor 1");
		u256_from_be(&v->num, p);
		return 0;
	case ABI_ADDRESS:
		if (!all_bytes(p, 12, 0))
			return error_set(d->e, ERR_USAGE, "abi: an address has dirty high bits");
		memcpy(v->fixed, p + 12, 20);
		v->size = 20;
		return 0;
	case ABI_FIXED_BYTES:
		if (!all_bytes(p + t->size, 32 - t->size, 0))
			return error_set(d->e, ERR_USAGE, "abi: bytes%u has dirty padding", t->size);
		memcpy(v->fixed, p, t->size);
		v->size = t->size;
		return 0;
	case ABI_BYTES:
	case ABI_STRING:
		rc = read_size(&n, p, avail - 32, t->kind == ABI_BYTES ? "a bytes length" : "a string length", d);
		if (rc)
			return rc;
		if (charge(d, n + 1))
			return ERR_USAGE;
		v->data = malloc(n + 1);
		if (!v->data)
			return error_set(d->e, ERR_FAIL, "abi: out of memory");
		memcpy(v->data, p + 32, n);
		v->data[n] = 0;
		v->len = n;
		return 0;
	case ABI_ARRAY:
		rc = read_size(&n, p, avail - 32, "an array length", d);
		if (rc)
			return rc;
		return dec_seq(d, t, n, p + 32, avail - 32, v);
	case ABI_FIXED_ARRAY:
		return dec_seq(d, t, t->len, p, avail, v);
	case ABI_TUPLE:
		return dec_seq(d, t, t->count, p, avail, v);
	}
	if (abi_type_format(tname, sizeof tname, t))
		tname[0] = 0;
	return error_set(d->e, ERR_USAGE, "abi: cannot decode '%s'", tname);
}

int abi_decode_params(struct abi_value *out, const struct abi_type *tuple, const uint8_t *data, size_t len,
		      struct error *e)
{
	struct dec d = {ABI_DECODE_MAX_BYTES, e};
	static const uint8_t none[1];
	int rc;
	abi_value_init(out);
	if (tuple->kind != ABI_TUPLE)
		return error_set(e, ERR_USAGE, "abi: parameters must be a tuple type");
	if (!data) /* no data (an empty encoding): offsets from NULL are undefined */
		data = none;
	rc = dec_value(&d, tuple, data, len, out);
	if (rc)
		abi_value_release(out);
	return rc;
}

int abi_decode_call(struct abi_value *out, const struct abi_func *f, const uint8_t *data, size_t len,
		    struct error *e)
{
	abi_value_init(out);
	if (len < 4)
		return error_set(e, ERR_USAGE, "abi: call data of %zu bytes has no selector", len);
	if (memcmp(data, f->selector, 4) != 0)
		return error_set(e, ERR_USAGE, "abi: the call is not %s (selector 0x%02x%02x%02x%02x)", f->signature,
				 data[0], data[1], data[2], data[3]);
	if (abi_decode_params(out, f->inputs, data + 4, len - 4, e))
		return error_wrap(e, "%s", f->signature);
	return 0;
}

static int is_value_type(const struct abi_type *t)
{
	return t->kind == ABI_UINT || t->kind == ABI_INT || t->kind == ABI_ADDRESS || t->kind == ABI_BOOL ||
	       t->kind == ABI_FIXED_BYTES;
}

int abi_decode_log(struct abi_value *out, const struct abi_func *ev, int anonymous, const uint8_t (*topics)[32],
		   size_t n_topics, const uint8_t *data, size_t len, struct error *e)
{
	const struct abi_type *in = ev->inputs;
	struct abi_type plain = {.kind = ABI_TUPLE};
	struct abi_value body;
	size_t n_indexed = 0, t_i = anonymous ? 0 : 1, b_i = 0;
	int rc;

	abi_value_init(out);
	abi_value_init(&body);
	for (size_t i = 0; i < in->count; i++)
		n_indexed += in->members[i].indexed ? 1 : 0;
	if (n_topics != n_indexed + t_i)
		return error_set(e, ERR_USAGE, "abi: the log has %zu topics, %s needs %zu", n_topics, ev->signature,
				 n_indexed + t_i);
	if (!anonymous && memcmp(topics[0], ev->topic, 32) != 0)
		return error_set(e, ERR_USAGE, "abi: the log is not %s (topic 0 differs)", ev->signature);

	/* the non-indexed inputs, decoded from data as one tuple */
	if (in->count - n_indexed) {
		plain.members = calloc(in->count - n_indexed, sizeof *plain.members);
		if (!plain.members)
			return error_set(e, ERR_FAIL, "abi: out of memory");
		for (size_t i = 0; i < in->count; i++)
			if (!in->members[i].indexed)
				plain.members[plain.count++] = in->members[i]; /* shallow: not freed */
	}
	rc = abi_decode_params(&body, &plain, data, len, e);
	free(plain.members);
	if (rc)
		return error_wrap(e, "%s data", ev->signature);

	if (abi_value_tuple(out, in->count)) {
		abi_value_release(&body);
		return error_set(e, ERR_FAIL, "abi: out of memory");
	}
	for (size_t i = 0; i < in->count; i++) {
		const struct abi_type *t = &in->members[i];
		if (!t->indexed) {
			out->items[i] = body.items[b_i];
			abi_value_init(&body.items[b_i++]);
			continue;
		}
		if (is_value_type(t)) {
			struct dec d = {ABI_DECODE_MAX_BYTES, e};
			rc = dec_value(&d, t, topics[t_i], 32, &out->items[i]);
			if (rc) {
				error_wrap(e, "%s topic %zu", ev->signature, t_i);
				abi_value_release(out);
				abi_value_release(&body);
				return rc;
			}
		} else {
			/* a dynamic or composite indexed value: its hash */
			struct abi_value *h = &out->items[i];
			h->kind = ABI_FIXED_BYTES;
			memcpy(h->fixed, topics[t_i], 32);
			h->size = 32;
		}
		t_i++;
	}
	abi_value_release(&body);
	return 0;
}

/* ---- text ---- */

struct vparser {
	const char *s, *p;
	struct error *e;
};

static int vfail(struct vparser *P, const char *what)
{
	return error_set(P->e, ERR_USAGE, "abi: %s at character %zu of '%.*s'", what, (size_t)(P->p - P->s) + 1, Q,
			 P->s);
}

static void vskip_ws(struct vparser *P)
{
	while (is_space(*P->p))
		P->p++;
}

/* A scalar from a NUL-terminated token. */
static int scalar_from_text(struct abi_value *v, const struct abi_type *t, const char *tok, struct error *e)
{
	uint8_t buf[32];
	size_t n;
	int rc;

	switch (t->kind) {
	case ABI_UINT:
	case ABI_INT: {
		int neg = t->kind == ABI_INT && tok[0] == '-';
		struct u256 mag, lim;
		char tname[16];
		snprintf(tname, sizeof tname, "%s%u", t->kind == ABI_INT ? "int" : "uint", t->size);
		if (t->kind == ABI_UINT && tok[0] == '-')
			return error_set(e, ERR_USAGE, "abi: '%.*s' is negative for %s", Q, tok, tname);
		rc = u256_parse(&mag, tok + neg, e);
		if (rc)
			return rc;
		if (t->kind == ABI_INT) {
			/* |v| <= 2^(N-1) when negative, < 2^(N-1) otherwise */
			u256_from_u64(&lim, 1);
			u256_shl(&lim, &lim, t->size - 1);
			if (u256_cmp(&mag, &lim) > 0 || (!neg && u256_cmp(&mag, &lim) == 0))
				return error_set(e, ERR_USAGE, "abi: '%.*s' does not fit %s", Q, tok, tname);
			if (neg)
				u256_neg(&mag, &mag);
			abi_value_int(v, &mag);
		} else {
			if (!uint_fits(&mag, t->size))
				return error_set(e, ERR_USAGE, "abi: '%.*s' does not fit %s", Q, tok, tname);
			abi_value_uint(v, &mag);
		}
		return 0;
	}
	case ABI_BOOL:
		if (strcmp(tok, "true") == 0 || strcmp(tok, "false") == 0) {
			abi_value_bool(v, tok[0] == 't');
			return 0;
		}
		return error_set(e, ERR_USAGE, "abi: '%.*s' is not true or false", Q, tok);
	case ABI_ADDRESS:
		rc = address_evm_parse(buf, tok, e);
		if (rc)
			return rc;
		abi_value_address(v, buf);
		return 0;
	case ABI_FIXED_BYTES:
		if (tok[0] != '0' || (tok[1] != 'x' && tok[1] != 'X') || hex_decode(buf, 32, &n, tok) ||
		    n != t->size)
			return error_set(e, ERR_USAGE, "abi: '%.*s' is not 0x and %u hex bytes", Q, tok, t->size);
		return abi_value_fixed_bytes(v, buf, n) ? ERR_USAGE : 0;
	case ABI_BYTES: {
		size_t tl = strlen(tok);
		uint8_t *b;
		if (tok[0] != '0' || (tok[1] != 'x' && tok[1] != 'X'))
			return error_set(e, ERR_USAGE, "abi: bytes '%.*s' do not start with 0x", Q, tok);
		b = malloc(tl / 2 + 1);
		if (!b)
			return error_set(e, ERR_FAIL, "abi: out of memory");
		if (hex_decode(b, tl / 2, &n, tok)) {
			free(b);
			return error_set(e, ERR_USAGE, "abi: '%.*s' is not hex", Q, tok);
		}
		rc = abi_value_bytes(v, b, n);
		free(b);
		return rc ? error_set(e, ERR_FAIL, "abi: out of memory") : 0;
	}
	case ABI_STRING:
		return abi_value_string(v, tok) ? error_set(e, ERR_FAIL, "abi: out of memory") : 0;
	default:
		return error_set(e, ERR_USAGE, "abi: not a scalar type");
	}
}

/* A "quoted" string inside brackets; *out is malloc'd, *n its length. */
static int quoted(struct vparser *P, char **out, size_t *n)
{
	struct sb b = {0};
	P->p++;
	for (;;) {
		char c = *P->p;
		if (!c) {
			free(b.s);
			return vfail(P, "missing '\"'");
		}
		P->p++;
		if (c == '"')
			break;
		if (c == '\\') {
			char x = *P->p++;
			int hi, lo;
			switch (x) {
			case '"':
			case '\\':
				c = x;
				break;
			case 'n':
				c = '\n';
				break;
			case 'r':
				c = '\r';
				break;
			case 't':
				c = '\t';
				break;
			case 'x':
				hi = hex_digit(P->p[0]);
				lo = hi < 0 ? -1 : hex_digit(P->p[1]);
				if (lo < 0) {
					free(b.s);
					return vfail(P, "bad \\x escape");
				}
				c = (char)(hi << 4 | lo);
				P->p += 2;
				break;
			default:
				free(b.s);
				P->p--;
				return vfail(P, "unknown escape");
			}
		}
		sb_put(&b, &c, 1);
	}
	if (!b.s)
		sb_put(&b, "", 0);
	if (b.failed) {
		free(b.s);
		return error_set(P->e, ERR_FAIL, "abi: out of memory");
	}
	*out = b.s;
	*n = b.len;
	return 0;
}

static int parse_value(struct vparser *P, const struct abi_type *t, struct abi_value *v, int depth);

static int parse_list(struct vparser *P, const struct abi_type *t, struct abi_value *v, int depth)
{
	char open = t->kind == ABI_TUPLE ? '(' : '[', close = t->kind == ABI_TUPLE ? ')' : ']';
	size_t cap = 0;
	abi_value_init(v);
	v->kind = t->kind;
	if (*P->p != open) {
		char msg[32];
		snprintf(msg, sizeof msg, "expected '%c'", open);
		return vfail(P, msg);
	}
	P->p++;
	vskip_ws(P);
	if (*P->p == close) {
		P->p++;
	} else {
		for (;;) {
			int rc;
			if (v->count == cap) {
				size_t ncap = cap ? cap * 2 : 4;
				struct abi_value *it = realloc(v->items, ncap * sizeof *it);
				if (!it)
					return error_set(P->e, ERR_FAIL, "abi: out of memory");
				v->items = it;
				cap = ncap;
			}
			if (t->kind == ABI_TUPLE && v->count == t->count)
				return vfail(P, "too many tuple items");
			abi_value_init(&v->items[v->count]);
			v->count++;
			vskip_ws(P);
			rc = parse_value(P, child_type(t, v->count - 1), &v->items[v->count - 1], depth + 1);
			if (rc)
				return rc;
			vskip_ws(P);
			if (*P->p == ',') {
				P->p++;
				continue;
			}
			if (*P->p == close) {
				P->p++;
				break;
			}
			char msg[32];
			snprintf(msg, sizeof msg, "expected ',' or '%c'", close);
			return vfail(P, msg);
		}
	}
	if (t->kind == ABI_TUPLE && v->count != t->count)
		return vfail(P, "too few tuple items");
	if (t->kind == ABI_FIXED_ARRAY && v->count != t->len)
		return vfail(P, "wrong number of array items");
	return 0;
}

static int parse_value(struct vparser *P, const struct abi_type *t, struct abi_value *v, int depth)
{
	const char *start;
	char *tok = NULL;
	size_t n = 0;
	int rc;

	if (depth > ABI_MAX_DEPTH)
		return vfail(P, "values nest too deep");
	if (t->kind == ABI_ARRAY || t->kind == ABI_FIXED_ARRAY || t->kind == ABI_TUPLE)
		return parse_list(P, t, v, depth);
	if (t->kind == ABI_STRING && *P->p == '"') {
		rc = quoted(P, &tok, &n);
		if (rc)
			return rc;
		rc = set_data(v, ABI_STRING, tok, n);
		free(tok);
		return rc ? error_set(P->e, ERR_FAIL, "abi: out of memory") : 0;
	}
	start = P->p;
	while (*P->p && *P->p != ',' && *P->p != ']' && *P->p != ')')
		P->p++;
	n = (size_t)(P->p - start);
	while (n && is_space(start[n - 1]))
		n--;
	tok = strndup(start, n);
	if (!tok)
		return error_set(P->e, ERR_FAIL, "abi: out of memory");
	rc = scalar_from_text(v, t, tok, P->e);
	free(tok);
	return rc;
}

int abi_value_parse(struct abi_value *out, const struct abi_type *t, const char *text, struct error *e)
{
	struct vparser P = {text, text, e};
	int rc;
	abi_value_init(out);
	if (t->kind == ABI_STRING)
		return abi_value_string(out, text) ? error_set(e, ERR_FAIL, "abi: out of memory") : 0;
	if (t->kind != ABI_ARRAY && t->kind != ABI_FIXED_ARRAY && t->kind != ABI_TUPLE) {
		while (is_space(*text))
			text++;
		size_t n = strlen(text);
		while (n && is_space(text[n - 1]))
			n--;
		char *tok = strndup(text, n);
		if (!tok)
			return error_set(e, ERR_FAIL, "abi: out of memory");
		rc = scalar_from_text(out, t, tok, e);
		free(tok);
		return rc;
	}
	vskip_ws(&P);
	rc = parse_value(&P, t, out, 0);
	if (!rc) {
		vskip_ws(&P);
		if (*P.p)
			rc = vfail(&P, "unexpected text");
	}
	if (rc)
		abi_value_release(out);
	return rc;
}

/* UTF-8 sequence length at p (n bytes left) for a code point that is safe
 * to print (not C0, DEL or C1), or 0. */
static size_t utf8_printable(const uint8_t *p, size_t n)
{
	uint32_t cp;
	size_t len;
	if (p[0] >= 0x20 && p[0] < 0x7f)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp < 0xa0)
		return 0;
	/* bidirectional overrides could disguise text on a terminal */
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	return len;
}

/* Escapes what a terminal could act on: the text stays readable, control
 * characters and invalid UTF-8 become \n, \t, \r, \xNN. */
static void escape_text(struct sb *b, const uint8_t *p, size_t n, int quote)
{
	for (size_t i = 0; i < n;) {
		size_t k = utf8_printable(p + i, n - i);
		if (k && !(quote && (p[i] == '"' || p[i] == '\\'))) {
			sb_put(b, p + i, k);
			i += k;
			continue;
		}
		switch (p[i]) {
		case '"':
			sb_puts(b, "\\\"");
			break;
		case '\\':
			sb_puts(b, "\\\\");
			break;
		case '\n':
			sb_puts(b, "\\n");
			break;
		case '\r':
			sb_puts(b, "\\r");
			break;
		case '\t':
			sb_puts(b, "\\t");
			break;
		default:
			sb_printf(b, "\\x%02x", p[i]);
		}
		i++;
	}
}

static void value_format(struct sb *b, const struct abi_value *v)
{
	char num[U256_DEC_MAX + 1];
	char addr[ADDRESS_EVM_MAX];
	struct u256 mag;

	switch (v->kind) {
	case ABI_UINT:
		if (u256_format_dec(num, sizeof num, &v->num))
			b->failed = 1;
		sb_puts(b, num);
		break;
	case ABI_INT:
		mag = v->num;
		if (u256_bit(&mag, 255)) {
			u256_neg(&mag, &mag);
			sb_puts(b, "-");
		}
		if (u256_format_dec(num, sizeof num, &mag))
			b->failed = 1;
		sb_puts(b, num);
		break;
	case ABI_BOOL:
		sb_puts(b, u256_is_zero(&v->num) ? "false" : "true");
		break;
	case ABI_ADDRESS:
		if (address_eip55(addr, sizeof addr, v->fixed))
			b->failed = 1;
		else
			sb_puts(b, addr);
		break;
	case ABI_FIXED_BYTES:
		sb_hex(b, v->fixed, v->size);
		break;
	case ABI_BYTES:
		sb_hex(b, v->data, v->len);
		break;
	case ABI_STRING:
		sb_puts(b, "\"");
		escape_text(b, v->data, v->len, 1);
		sb_puts(b, "\"");
		break;
	case ABI_ARRAY:
	case ABI_FIXED_ARRAY:
	case ABI_TUPLE:
		sb_puts(b, v->kind == ABI_TUPLE ? "(" : "[");
		for (size_t i = 0; i < v->count; i++) {
			if (i)
				sb_puts(b, ", ");
			value_format(b, &v->items[i]);
		}
		sb_puts(b, v->kind == ABI_TUPLE ? ")" : "]");
		break;
	default:
		b->failed = 1;
	}
}

int abi_value_format(char **out, const struct abi_value *v, struct error *e)
{
	struct sb b = {0};
	value_format(&b, v);
	return sb_take(out, &b, e);
}

/* ---- revert reasons ---- */

const char *abi_panic_reason(uint64_t code)
{
	switch (code) {
	case 0x00:
		return "generic compiler panic";
	case 0x01:
		return "assertion failed";
	case 0x11:
		return "arithmetic overflow or underflow";
	case 0x12:
		return "division or modulo by zero";
	case 0x21:
		return "conversion to an enum out of range";
	case 0x22:
		return "incorrectly encoded storage byte array";
	case 0x31:
		return "pop() on an empty array";
	case 0x32:
		return "array index out of bounds";
	case 0x41:
		return "out of memory (too large an allocation)";
	case 0x51:
		return "call to a zero-initialized internal function";
	default:
		return NULL;
	}
}

static const uint8_t sel_error[4] = {0x08, 0xc3, 0x79, 0xa0};
static const uint8_t sel_panic[4] = {0x4e, 0x48, 0x7b, 0x71};

/* Decodes data as the one-type tuple "(type)" into *v (the item). */
static int decode_single(struct abi_value *v, const char *type, const uint8_t *data, size_t len, struct error *e)
{
	struct abi_type *t;
	struct abi_value tup;
	int rc = abi_type_parse(&t, type, e);
	if (rc)
		return rc;
	rc = abi_decode_params(&tup, t, data, len, e);
	abi_type_free(t);
	if (rc)
		return rc;
	*v = tup.items[0];
	abi_value_init(&tup.items[0]);
	abi_value_release(&tup);
	return 0;
}

int abi_decode_revert(char **out, const uint8_t *data, size_t len, const char *const *errors, size_t n_errors,
		      struct error *e)
{
	struct sb b = {0};
	struct abi_value v;
	int rc;

	*out = NULL;
	if (len == 0) {
		sb_puts(&b, "execution reverted (no reason)");
		return sb_take(out, &b, e);
	}
	if (len < 4)
		return error_set(e, ERR_USAGE, "abi: revert data of %zu bytes has no selector", len);
	if (memcmp(data, sel_error, 4) == 0) {
		rc = decode_single(&v, "(string)", data + 4, len - 4, e);
		if (rc)
			return error_wrap(e, "Error(string)");
		sb_puts(&b, "execution reverted: ");
		escape_text(&b, v.data, v.len, 0);
		abi_value_release(&v);
		return sb_take(out, &b, e);
	}
	if (memcmp(data, sel_panic, 4) == 0) {
		uint64_t code;
		const char *why;
		rc = decode_single(&v, "(uint256)", data + 4, len - 4, e);
		if (rc)
			return error_wrap(e, "Panic(uint256)");
		if (u256_to_u64(&code, &v.num) || !(why = abi_panic_reason(code))) {
			char hex[U256_HEX_MAX];
			if (u256_format_hex(hex, sizeof hex, &v.num))
				hex[0] = 0;
			sb_printf(&b, "panic %s: unknown code", hex);
		} else {
			sb_printf(&b, "panic 0x%02llx: %s", (unsigned long long)code, why);
		}
		abi_value_release(&v);
		return sb_take(out, &b, e);
	}
	for (size_t i = 0; i < n_errors; i++) {
		struct abi_func f;
		rc = abi_func_parse(&f, errors[i], e);
		if (rc)
			return rc;
		if (memcmp(f.selector, data, 4) != 0) {
			abi_func_release(&f);
			continue;
		}
		rc = abi_decode_params(&v, f.inputs, data + 4, len - 4, e);
		if (rc) {
			error_wrap(e, "%s", f.signature);
			abi_func_release(&f);
			return rc;
		}
		sb_puts(&b, f.name);
		sb_puts(&b, "(");
		for (size_t k = 0; k < v.count; k++) {
			if (k)
				sb_puts(&b, ", ");
			value_format(&b, &v.items[k]);
		}
		sb_puts(&b, ")");
		abi_value_release(&v);
		abi_func_release(&f);
		return sb_take(out, &b, e);
	}
	sb_printf(&b, "custom error 0x%02x%02x%02x%02x (unknown; %zu bytes of data)", data[0], data[1], data[2],
		  data[3], len - 4);
	return sb_take(out, &b, e);
}
