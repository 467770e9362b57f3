/* EIP-712 hashStruct / encodeType / encodeData, written from the EIP text
 * (ethereum/EIPs EIPS/eip-712.md) and eth_signTypedData_v4's handling of
 * arrays. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "chains/evm/eip712.h"
#include "hex.h"
#include "keccak.h"
#include "wallet/address.h"

#define MAX_DIMS 8
#define MAX_NAME 128
#define MAX_FIXED_LEN (1L << 20)

enum kind { K_STRUCT, K_UINT, K_INT, K_BOOL, K_ADDRESS, K_STRING, K_BYTES, K_BYTESN };

struct field {
	const char *name;
	const char *type;
};

struct stype {
	const char *name;
	struct field *fields;
	size_t nfields;
	int mark; /* cycle check: 0 not seen, 1 on the stack, 2 done */
	int hashed;
	uint8_t typehash[32];
};

/* A parsed type reference such as "Person[2][]". */
struct tref {
	enum kind kind;
	unsigned width;  /* bits of (u)intN, bytes of bytesN */
	size_t st;       /* K_STRUCT: index into doc.types */
	size_t ndims;
	long dims[MAX_DIMS]; /* left to right; 0 = dynamic; the last is the outermost */
	size_t elem_len; /* length of the type without its last [..] */
};

struct doc {
	cJSON *root;
	const char *primary;
	const cJSON *domain, *message;
	struct stype *types;
	size_t ntypes;
	struct error *e;
	char path[256];
	size_t path_len;
};

struct sbuf {
	char *p;
	size_t len, cap;
};


/* ---- small helpers ---- */

static int sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			return ERR_FAIL;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static size_t path_push(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static size_t path_push(struct doc *d, const char *fmt, ...)
{
	size_t old = d->path_len;
	size_t room = sizeof d->path - old;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(d->path + old, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		d->path[old] = '\0';
	else if ((size_t)n >= room)
		d->path_len = sizeof d->path - 1;
	else
		d->path_len = old + (size_t)n;
	return old;
}

static void path_pop(struct doc *d, size_t old)
{
	d->path_len = old;
	d->path[old] = '\0';
}

static int is_ident(const char *s, size_t n)
{
	if (n == 0 || n > MAX_NAME)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
		int digit = c >= '0' && c <= '9';
		if (!alpha && !(digit && i > 0))
			return 0;
	}
	return 1;
}

/* A decimal number without sign or leading zeros in s[0..n); -1 if not. */
static long small_decimal(const char *s, size_t n, long max)
{
	long v = 0;
	if (n == 0 || (s[0] == '0' && n > 1))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
		if (v > max)
			return -1;
	}
	return v;
}

/* Classifies an atomic type name; 1 if it is one. */
static int atomic_kind(const char *s, size_t n, enum kind *kind, unsigned *width)
{
	static const struct { const char *name; enum kind kind; } fixed[] = {
		{"bool", K_BOOL}, {"address", K_ADDRESS}, {"string", K_STRING}, {"bytes", K_BYTES},
	};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (strlen(fixed[i].name) == n && memcmp(s, fixed[i].name, n) == 0) {
			*kind = fixed[i].kind;
			*width = 0;
			return 1;
		}
	if (n > 5 && memcmp(s, "bytes", 5) == 0) {
		long w = small_decimal(s + 5, n - 5, 1000);
		if (w >= 1 && w <= 32) {
			*kind = K_BYTESN;
			*width = (unsigned)w;
			return 1;
		}
		return 0;
	}
	size_t skip = 0;
	if (n >= 4 && memcmp(s, "uint", 4) == 0) {
		*kind = K_UINT;
		skip = 4;
	} else if (n >= 3 && memcmp(s, "int", 3) == 0) {
		*kind = K_INT;
		skip = 3;
	} else {
		return 0;
	}
	/* bare "uint" / "int" mean 256 bits (the type string keeps the alias, as
	 * cast and ethers hash it) */
	long w = n == skip ? 256 : small_decimal(s + skip, n - skip, 1000);
	if (w < 8 || w > 256 || w % 8)
		return 0;
	*width = (unsigned)w;
	return 1;
}

static long find_type(const struct doc *d, const char *name, size_t n)
{
	for (size_t i = 0; i < d->ntypes; i++)
		if (strlen(d->types[i].name) == n && memcmp(d->types[i].name, name, n) == 0)
			return (long)i;
	return -1;
}

/* Parses a field's type string; the message names the struct and field. */
static int parse_tref(struct doc *d, struct tref *r, const char *s, size_t n)
{
	size_t base_len = 0;
	memset(r, 0, sizeof *r);
	while (base_len < n && s[base_len] != '[')
		base_len++;
	for (size_t i = base_len; i < n;) {
		size_t j = i + 1;
		if (s[i] != '[')
			return error_set(d->e, ERR_USAGE, "type '%.*s' is malformed", (int)(n > 80 ? 80 : n), s);
		while (j < n && s[j] != ']')
			j++;
		if (j == n)
			return error_set(d->e, ERR_USAGE, "type '%.*s' is malformed", (int)(n > 80 ? 80 : n), s);
		if (r->ndims == MAX_DIMS)
			return error_set(d->e, ERR_USAGE, "type '%.*s' has more than %d array dimensions",
					 (int)(n > 80 ? 80 : n), s, MAX_DIMS);
		long len = 0;
		if (j > i + 1) {
			len = small_decimal(s + i + 1, j - i - 1, MAX_FIXED_LEN);
			if (len < 1)
				return error_set(d->e, ERR_USAGE, "type '%.*s' has a bad array length",
						 (int)(n > 80 ? 80 : n), s);
		}
		r->dims[r->ndims++] = len;
		r->elem_len = i;
		i = j + 1;
	}
	if (!is_ident(s, base_len))
		return error_set(d->e, ERR_USAGE, "type '%.*s' is malformed", (int)(n > 80 ? 80 : n), s);
	if (atomic_kind(s, base_len, &r->kind, &r->width))
		return 0;
	long st = find_type(d, s, base_len);
	if (st < 0)
		return error_set(d->e, ERR_USAGE, "unknown type '%.*s'", (int)(base_len > 80 ? 80 : base_len), s);
	r->kind = K_STRUCT;
	r->st = (size_t)st;
	return 0;
}

/* ---- the type table ---- */

static int load_struct(struct doc *d, struct stype *t, const cJSON *def)
{
	size_t n = 0;
	const cJSON *f;

	if (!cJSON_IsArray(def))
		return error_set(d->e, ERR_USAGE, "types.%s: expected an array of {name, type}", t->name);
	cJSON_ArrayForEach(f, def) {
		if (++n > EIP712_MAX_FIELDS)
			return error_set(d->e, ERR_USAGE, "types.%s: more than %d fields", t->name, EIP712_MAX_FIELDS);
	}
	t->fields = calloc(n ? n : 1, sizeof *t->fields);
	if (!t->fields)
		return error_set(d->e, ERR_FAIL, "out of memory");
	cJSON_ArrayForEach(f, def) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(f, "name");
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(f, "type");
		size_t i = t->nfields;
		if (!cJSON_IsObject(f) || !cJSON_IsString(name) || !cJSON_IsString(type))
			return error_set(d->e, ERR_USAGE, "types.%s[%zu]: expected {\"name\": ..., \"type\": ...}",
					 t->name, i);
		if (!is_ident(name->valuestring, strlen(name->valuestring)))
			return error_set(d->e, ERR_USAGE, "types.%s[%zu]: field name is not an identifier", t->name, i);
		for (size_t k = 0; k < i; k++)
			if (strcmp(t->fields[k].name, name->valuestring) == 0)
				return error_set(d->e, ERR_USAGE, "types.%s: field '%s' is declared twice", t->name,
						 name->valuestring);
		t->fields[i].name = name->valuestring;
		t->fields[i].type = type->valuestring;
		t->nfields++;
	}
	return 0;
}

/* When types has no EIP712Domain: the fields the domain holds, in the
 * standard order. */
static int derive_domain(struct doc *d, struct stype *t)
{
	static const struct field std[] = {
		{"name", "string"}, {"version", "string"}, {"chainId", "uint256"},
		{"verifyingContract", "address"}, {"salt", "bytes32"},
	};
	const cJSON *c;

	cJSON_ArrayForEach(c, d->domain) {
		size_t k = 0;
		while (k < 5 && strcmp(c->string, std[k].name) != 0)
			k++;
		if (k == 5)
			return error_set(d->e, ERR_USAGE,
					 "domain: field '%.80s' is not a standard domain field and types has no EIP712Domain",
					 c->string);
	}
	t->name = "EIP712Domain";
	t->fields = calloc(5, sizeof *t->fields);
	if (!t->fields)
		return error_set(d->e, ERR_FAIL, "out of memory");
	for (size_t k = 0; k < 5; k++)
		if (cJSON_GetObjectItemCaseSensitive(d->domain, std[k].name))
			t->fields[t->nfields++] = std[k];
	return 0;
}

static int load_types(struct doc *d, const cJSON *types)
{
	size_t n = 0;
	const cJSON *c;
	int rc;

	cJSON_ArrayForEach(c, types) {
		if (++n > EIP712_MAX_TYPES)
			return error_set(d->e, ERR_USAGE, "types: more than %d types", EIP712_MAX_TYPES);
	}
	d->types = calloc(n + 1, sizeof *d->types);
	if (!d->types)
		return error_set(d->e, ERR_FAIL, "out of memory");
	cJSON_ArrayForEach(c, types) {
		struct stype *t = &d->types[d->ntypes];
		size_t len = strlen(c->string);
		enum kind k;
		unsigned w;
		if (!is_ident(c->string, len))
			return error_set(d->e, ERR_USAGE, "types: type name '%.80s' is not an identifier", c->string);
		if (atomic_kind(c->string, len, &k, &w))
			return error_set(d->e, ERR_USAGE, "types: '%s' is an atomic type and cannot be redefined",
					 c->string);
		if (find_type(d, c->string, len) >= 0)
			return error_set(d->e, ERR_USAGE, "types: '%s' is defined twice", c->string);
		t->name = c->string;
		d->ntypes++;
		if ((rc = load_struct(d, t, c)))
			return rc;
	}
	if (find_type(d, "EIP712Domain", 12) < 0) {
		if ((rc = derive_domain(d, &d->types[d->ntypes])))
			return rc;
		d->ntypes++;
	}
	return 0;
}

/* Refuses unknown and malformed field types and recursive definitions in
 * everything reachable from type idx. Recursion depth is bounded by the
 * number of types. */
static int check_type(struct doc *d, size_t idx)
{
	struct stype *t = &d->types[idx];
	struct tref r;
	int rc;

	if (t->mark == 2)
		return 0;
	if (t->mark == 1)
		return error_set(d->e, ERR_USAGE, "type '%s' refers to itself (recursive types are not supported)",
				 t->name);
	t->mark = 1;
	for (size_t i = 0; i < t->nfields; i++) {
		if ((rc = parse_tref(d, &r, t->fields[i].type, strlen(t->fields[i].type)))) {
			error_wrap(d->e, "types.%s.%s", t->name, t->fields[i].name);
			return rc;
		}
		if (r.kind == K_STRUCT && (rc = check_type(d, r.st)))
			return rc;
	}
	t->mark = 2;
	return 0;
}

/* ---- encodeType / typeHash ---- */

static void collect(struct doc *d, size_t idx, unsigned char *seen, size_t *list, size_t *n)
{
	struct stype *t = &d->types[idx];
	struct tref r;
	seen[idx] = 1;
	list[(*n)++] = idx;
	for (size_t i = 0; i < t->nfields; i++) {
		/* already checked: cannot fail */
		if (parse_tref(d, &r, t->fields[i].type, strlen(t->fields[i].type)) == 0 &&
		    r.kind == K_STRUCT && !seen[r.st])
			collect(d, r.st, seen, list, n);
	}
}

static const struct doc *sort_doc;

static int by_name(const void *a, const void *b)
{
	return strcmp(sort_doc->types[*(const size_t *)a].name, sort_doc->types[*(const size_t *)b].name);
}

static int encode_type(struct doc *d, size_t idx, struct sbuf *b)
{
	unsigned char *seen = calloc(d->ntypes, 1);
	size_t *list = calloc(d->ntypes, sizeof *list);
	size_t n = 0;
	int rc = 0;

	if (!seen || !list) {
		rc = error_set(d->e, ERR_FAIL, "out of memory");
		goto out;
	}
	collect(d, idx, seen, list, &n);
	sort_doc = d;
	qsort(list + 1, n - 1, sizeof *list, by_name);
	sort_doc = NULL;
	for (size_t k = 0; k < n && !rc; k++) {
		const struct stype *t = &d->types[list[k]];
		rc |= sbuf_add(b, t->name, strlen(t->name));
		rc |= sbuf_add(b, "(", 1);
		for (size_t i = 0; i < t->nfields; i++) {
			if (i)
				rc |= sbuf_add(b, ",", 1);
			rc |= sbuf_add(b, t->fields[i].type, strlen(t->fields[i].type));
			rc |= sbuf_add(b, " ", 1);
			rc |= sbuf_add(b, t->fields[i].name, strlen(t->fields[i].name));
		}
		rc |= sbuf_add(b, ")", 1);
	}
	if (rc)
		rc = error_set(d->e, ERR_FAIL, "out of memory");
out:
	free(seen);
	free(list);
	return rc;
}

static int type_hash(struct doc *d, size_t idx)
{
	struct stype *t = &d->types[idx];
	struct sbuf b = {0};
	int rc;

	if (t->hashed)
		return 0;
	if ((rc = check_type(d, idx)) || (rc = encode_type(d, idx, &b))) {
		free(b.p);
		return rc;
	}
	keccak256(t->typehash, b.p, b.len);
	t->hashed = 1;
	free(b.p);
	return 0;
}

/* ---- encodeData ---- */

/* Big-endian 256-bit magnitude: m = m * mul + add; 0 or -1 on overflow. */
static int u256_muladd(uint8_t m[32], unsigned mul, unsigned add)
{
	unsigned carry = add;
	for (int i = 31; i >= 0; i--) {
		unsigned x = m[i] * mul + carry;
		m[i] = (uint8_t)x;
		carry = x >> 8;
	}
	return carry ? -1 : 0;
}

static unsigned u256_bits(const uint8_t m[32])
{
	for (int i = 0; i < 32; i++)
		if (m[i]) {
			unsigned bits = 8;
			while (!(m[i] & (1u << (bits - 1))))
				bits--;
			return (unsigned)(31 - i) * 8 + bits;
		}
	return 0;
}

static int digit_value(char c, unsigned base)
{
	unsigned v;
	if (c >= '0' && c <= '9')
		v = (unsigned)(c - '0');
	else if (c >= 'a' && c <= 'f')
		v = (unsigned)(c - 'a' + 10);
	else if (c >= 'A' && c <= 'F')
		v = (unsigned)(c - 'A' + 10);
	else
		return -1;
	return v < base ? (int)v : -1;
}

/* An integer from a JSON number (a safe integer), a decimal string or a
 * 0x-hex string, either with an optional '-'; magnitude and sign. */
static int parse_integer(struct doc *d, uint8_t mag[32], int *neg, const cJSON *v, const char *type)
{
	memset(mag, 0, 32);
	*neg = 0;
	if (cJSON_IsNumber(v)) {
		double x = v->valuedouble;
		/* 2^53: beyond it a JSON number may already have been rounded */
		if (!(x > -9007199254740992.0 && x < 9007199254740992.0))
			return error_set(d->e, ERR_USAGE, "%s: number is too large to be exact in JSON; give it as a string",
					 d->path);
		long long i = (long long)x;
		if ((double)i != x)
			return error_set(d->e, ERR_USAGE, "%s: '%s' value is not an integer", d->path, type);
		unsigned long long u = i < 0 ? (unsigned long long)(-i) : (unsigned long long)i;
		*neg = i < 0;
		for (int k = 31; k >= 24; k--, u >>= 8)
			mag[k] = (uint8_t)u;
		return 0;
	}
	if (!cJSON_IsString(v))
		return error_set(d->e, ERR_USAGE, "%s: expected a number or a numeric string for '%s'", d->path, type);
	const char *s = v->valuestring;
	unsigned base = 10;
	if (*s == '-') {
		*neg = 1;
		s++;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return error_set(d->e, ERR_USAGE, "%s: '%s' value is not a number", d->path, type);
	for (; *s; s++) {
		int dv = digit_value(*s, base);
		if (dv < 0)
			return error_set(d->e, ERR_USAGE, "%s: '%s' value is not a %s number", d->path, type,
					 base == 16 ? "hexadecimal" : "decimal");
		if (u256_muladd(mag, base, (unsigned)dv))
			return error_set(d->e, ERR_USAGE, "%s: number out of range for '%s'", d->path, type);
	}
	if (u256_bits(mag) == 0)
		*neg = 0;
	return 0;
}

static int encode_integer(struct doc *d, uint8_t out[32], const struct tref *r, const cJSON *v,
			  const char *type)
{
	int neg, rc;
	unsigned bits;

	if ((rc = parse_integer(d, out, &neg, v, type)))
		return rc;
	bits = u256_bits(out);
	if (r->kind == K_UINT) {
		if (neg || bits > r->width)
			return error_set(d->e, ERR_USAGE, "%s: number out of range for '%s'", d->path, type);
		return 0;
	}
	/* intN: -2^(N-1) <= v < 2^(N-1) */
	if (bits > r->width) {
		return error_set(d->e, ERR_USAGE, "%s: number out of range for '%s'", d->path, type);
	} else if (bits == r->width) {
		/* only -2^(N-1) itself: a lone top bit, negative */
		uint8_t pow[32] = {0};
		pow[31 - (r->width - 1) / 8] = (uint8_t)(1u << ((r->width - 1) % 8));
		if (!neg || memcmp(out, pow, 32) != 0)
			return error_set(d->e, ERR_USAGE, "%s: number out of range for '%s'", d->path, type);
	}
	if (neg) {
		/* two's complement over 256 bits */
		unsigned carry = 1;
		for (int i = 31; i >= 0; i--) {
			unsigned x = (uint8_t)~out[i] + carry;
			out[i] = (uint8_t)x;
			carry = x >> 8;
		}
	}
	return 0;
}

/* A 0x-prefixed hex string into a malloc'd buffer. */
static int decode_hex_value(struct doc *d, uint8_t **out, size_t *out_len, const cJSON *v, const char *type)
{
	const char *s;
	size_t n;

	if (!cJSON_IsString(v) || v->valuestring[0] != '0' ||
	    (v->valuestring[1] != 'x' && v->valuestring[1] != 'X'))
		return error_set(d->e, ERR_USAGE, "%s: expected a 0x-prefixed hex string for '%s'", d->path, type);
	s = v->valuestring + 2;
	n = strlen(s) / 2 + 1;
	*out = malloc(n);
	if (!*out)
		return error_set(d->e, ERR_FAIL, "out of memory");
	if (hex_decode(*out, n, out_len, s)) {
		free(*out);
		*out = NULL;
		return error_set(d->e, ERR_USAGE, "%s: '%s' value is not valid hex", d->path, type);
	}
	return 0;
}

static int encode_atomic(struct doc *d, uint8_t out[32], const struct tref *r, const cJSON *v, const char *type)
{
	uint8_t *raw = NULL;
	size_t n = 0;
	int rc;

	memset(out, 0, 32);
	switch (r->kind) {
	case K_BOOL:
		if (!cJSON_IsBool(v))
			return error_set(d->e, ERR_USAGE, "%s: expected true or false for 'bool'", d->path);
		out[31] = cJSON_IsTrue(v) ? 1 : 0;
		return 0;
	case K_STRING:
		if (!cJSON_IsString(v))
			return error_set(d->e, ERR_USAGE, "%s: expected a string for 'string'", d->path);
		keccak256(out, v->valuestring, strlen(v->valuestring));
		return 0;
	case K_ADDRESS:
		if (!cJSON_IsString(v))
			return error_set(d->e, ERR_USAGE, "%s: expected an address string for 'address'", d->path);
		if ((rc = address_evm_parse(out + 12, v->valuestring, d->e))) {
			error_wrap(d->e, "%s", d->path);
			return rc;
		}
		return 0;
	case K_BYTES:
		if ((rc = decode_hex_value(d, &raw, &n, v, type)))
			return rc;
		keccak256(out, raw, n);
		free(raw);
		return 0;
	case K_BYTESN:
		if ((rc = decode_hex_value(d, &raw, &n, v, type)))
			return rc;
		if (n != r->width) {
			free(raw);
			return error_set(d->e, ERR_USAGE, "%s: expected %u bytes for '%s', got %zu", d->path, r->width,
					 type, n);
		}
		memcpy(out, raw, n);
		free(raw);
		return 0;
	case K_UINT:
	case K_INT:
		return encode_integer(d, out, r, v, type);
	case K_STRUCT:
		break;
	}
	return error_set(d->e, ERR_FAIL, "%s: internal error", d->path);
}

static int hash_struct(struct doc *d, uint8_t out[32], size_t idx, const cJSON *v, unsigned depth);

static int encode_value(struct doc *d, uint8_t out[32], const char *type, size_t type_len, const cJSON *v,
			unsigned depth)
{
	struct tref r;
	char tname[96];
	int rc;

	if (depth > EIP712_MAX_DEPTH)
		return error_set(d->e, ERR_USAGE, "%s: nested more than %d levels deep", d->path, EIP712_MAX_DEPTH);
	if ((rc = parse_tref(d, &r, type, type_len))) {
		error_wrap(d->e, "%s", d->path);
		return rc;
	}
	snprintf(tname, sizeof tname, "%.*s", (int)(type_len > 80 ? 80 : type_len), type);
	if (r.ndims) {
		long want = r.dims[r.ndims - 1];
		size_t count = 0, i = 0;
		const cJSON *c;
		struct keccak k;
		if (!cJSON_IsArray(v))
			return error_set(d->e, ERR_USAGE, "%s: expected an array for '%s'", d->path, tname);
		cJSON_ArrayForEach(c, v)
			count++;
		if (want && count != (size_t)want)
			return error_set(d->e, ERR_USAGE, "%s: expected %ld elements for '%s', got %zu", d->path, want,
					 tname, count);
		keccak_init(&k);
		cJSON_ArrayForEach(c, v) {
			uint8_t h[32];
			size_t old = path_push(d, "[%zu]", i++);
			rc = encode_value(d, h, type, r.elem_len, c, depth + 1);
			path_pop(d, old);
			if (rc)
				return rc;
			keccak_update(&k, h, 32);
		}
		keccak_final(&k, out);
		return 0;
	}
	if (r.kind == K_STRUCT)
		return hash_struct(d, out, r.st, v, depth + 1);
	return encode_atomic(d, out, &r, v, tname);
}

static int hash_struct(struct doc *d, uint8_t out[32], size_t idx, const cJSON *v, unsigned depth)
{
	struct stype *t = &d->types[idx];
	unsigned char seen[EIP712_MAX_FIELDS] = {0};
	const cJSON *c;
	struct keccak k;
	int rc;

	if (depth > EIP712_MAX_DEPTH)
		return error_set(d->e, ERR_USAGE, "%s: nested more than %d levels deep", d->path, EIP712_MAX_DEPTH);
	if ((rc = type_hash(d, idx)))
		return rc;
	if (!cJSON_IsObject(v))
		return error_set(d->e, ERR_USAGE, "%s: expected an object for '%s'", d->path, t->name);
	/* every key is a declared field, once */
	cJSON_ArrayForEach(c, v) {
		size_t i = 0;
		while (i < t->nfields && strcmp(t->fields[i].name, c->string) != 0)
			i++;
		if (i == t->nfields)
			return error_set(d->e, ERR_USAGE, "%s: field '%.80s' is not declared in type '%s'", d->path,
					 c->string, t->name);
		if (seen[i]++)
			return error_set(d->e, ERR_USAGE, "%s: field '%s' appears twice", d->path, c->string);
	}
	keccak_init(&k);
	keccak_update(&k, t->typehash, 32);
	for (size_t i = 0; i < t->nfields; i++) {
		uint8_t h[32];
		size_t old;
		if (!seen[i])
			return error_set(d->e, ERR_USAGE, "%s: missing field '%s' of type '%s'", d->path,
					 t->fields[i].name, t->name);
		c = cJSON_GetObjectItemCaseSensitive(v, t->fields[i].name);
		old = path_push(d, ".%s", t->fields[i].name);
		rc = encode_value(d, h, t->fields[i].type, strlen(t->fields[i].type), c, depth);
		path_pop(d, old);
		if (rc)
			return rc;
		keccak_update(&k, h, 32);
	}
	keccak_final(&k, out);
	return 0;
}

/* ---- the document ---- */

/* cJSON ends a string at a NUL, so "a\u0000b" would sign as "a": refuse it. */
static int has_nul_escape(const char *s)
{
	int in_str = 0;
	for (const char *p = s; *p; p++) {
		if (!in_str) {
			if (*p == '"')
				in_str = 1;
		} else if (*p == '\\') {
			if (p[1] == 'u' && p[2] == '0' && p[3] == '0' && p[4] == '0' && p[5] == '0')
				return 1;
			if (p[1])
				p++;
		} else if (*p == '"') {
			in_str = 0;
		}
	}
	return 0;
}

static void doc_close(struct doc *d)
{
	for (size_t i = 0; i < d->ntypes; i++)
		free(d->types[i].fields);
	free(d->types);
	cJSON_Delete(d->root);
	memset(d, 0, sizeof *d);
}

static int doc_open(struct doc *d, const char *json, struct error *e)
{
	const cJSON *types, *primary;
	int rc;

	memset(d, 0, sizeof *d);
	d->e = e;
	if (!json)
		return error_set(e, ERR_USAGE, "typed data is empty");
	if (has_nul_escape(json))
		return error_set(e, ERR_USAGE, "typed data holds a NUL character (\\u0000)");
	d->root = cJSON_ParseWithOpts(json, NULL, 1);
	if (!d->root)
		return error_set(e, ERR_USAGE, "typed data is not valid JSON");
	if (!cJSON_IsObject(d->root))
		return error_set(e, ERR_USAGE, "typed data is not a JSON object");
	types = cJSON_GetObjectItemCaseSensitive(d->root, "types");
	primary = cJSON_GetObjectItemCaseSensitive(d->root, "primaryType");
	d->domain = cJSON_GetObjectItemCaseSensitive(d->root, "domain");
	d->message = cJSON_GetObjectItemCaseSensitive(d->root, "message");
	if (!cJSON_IsObject(types))
		return error_set(e, ERR_USAGE, "typed data has no 'types' object");
	if (!cJSON_IsString(primary))
		return error_set(e, ERR_USAGE, "typed data has no 'primaryType' string");
	if (!cJSON_IsObject(d->domain))
		return error_set(e, ERR_USAGE, "typed data has no 'domain' object");
	if (!cJSON_IsObject(d->message))
		return error_set(e, ERR_USAGE, "typed data has no 'message' object");
	d->primary = primary->valuestring;
	if ((rc = load_types(d, types)))
		return rc;
	if (find_type(d, d->primary, strlen(d->primary)) < 0)
		return error_set(e, ERR_USAGE, "primaryType '%.80s' is not defined in types", d->primary);
	return 0;
}

int eip712_hash_parts(uint8_t digest[32], uint8_t domain_separator[32], uint8_t struct_hash[32],
		      const char *typed_data_json, struct error *e)
{
	struct doc d;
	uint8_t ds[32], sh[32];
	size_t old;
	int rc, has_message;

	memset(digest, 0, 32);
	if ((rc = doc_open(&d, typed_data_json, e)))
		goto out;
	old = path_push(&d, "domain");
	rc = hash_struct(&d, ds, (size_t)find_type(&d, "EIP712Domain", 12), d.domain, 0);
	path_pop(&d, old);
	if (rc)
		goto out;
	/* as eth_signTypedData_v4: a primaryType of EIP712Domain signs the domain alone */
	has_message = strcmp(d.primary, "EIP712Domain") != 0;
	memset(sh, 0, sizeof sh);
	if (has_message) {
		old = path_push(&d, "message");
		rc = hash_struct(&d, sh, (size_t)find_type(&d, d.primary, strlen(d.primary)), d.message, 0);
		path_pop(&d, old);
		if (rc)
			goto out;
	}
	{
		struct keccak k;
		keccak_init(&k);
		keccak_update(&k, "\x19\x01", 2);
		keccak_update(&k, ds, 32);
		if (has_message)
			keccak_update(&k, sh, 32);
		keccak_final(&k, digest);
	}
	if (domain_separator)
		memcpy(domain_separator, ds, 32);
	if (struct_hash)
		memcpy(struct_hash, sh, 32);
out:
	doc_close(&d);
	return rc;
}

int eip712_hash(uint8_t digest[32], const char *typed_data_json, struct error *e)
{
	return eip712_hash_parts(digest, NULL, NULL, typed_data_json, e);
}

int eip712_domain_separator(uint8_t out[32], const char *typed_data_json, struct error *e)
{
	uint8_t digest[32];
	return eip712_hash_parts(digest, out, NULL, typed_data_json, e);
}

int eip712_struct_hash(uint8_t out[32], const char *typed_data_json, struct error *e)
{
	uint8_t digest[32];
	return eip712_hash_parts(digest, NULL, out, typed_data_json, e);
}

int eip712_encode_type(char *out, size_t out_size, const char *typed_data_json, const char *type_name,
		       struct error *e)
{
	struct doc d;
	struct sbuf b = {0};
	long idx;
	int rc;

	if (out_size)
		out[0] = '\0';
	if ((rc = doc_open(&d, typed_data_json, e)))
		goto out;
	idx = find_type(&d, type_name, strlen(type_name));
	if (idx < 0) {
		rc = error_set(e, ERR_USAGE, "type '%.80s' is not defined in types", type_name);
		goto out;
	}
	if ((rc = check_type(&d, (size_t)idx)) || (rc = encode_type(&d, (size_t)idx, &b)))
		goto out;
	if (b.len + 1 > out_size) {
		rc = error_set(e, ERR_USAGE, "encoded type of '%.80s' is longer than %zu bytes", type_name, out_size);
		goto out;
	}
	memcpy(out, b.p, b.len + 1);
out:
	free(b.p);
	doc_close(&d);
	return rc;
}
