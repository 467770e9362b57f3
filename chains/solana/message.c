/* Solana legacy and v0 messages, written from the Solana documentation of
 * the transaction format (message header, compact arrays, address table
 * lookups) and the runtime's sanitize rules. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "chains/solana/message.h"
#include "chains/solana/compact.h"

#define COMPACT_MAX 0xffff
#define V0_PREFIX 0x80

/* ---- instructions ---- */

void sol_instruction_init(struct sol_instruction *ix, const uint8_t program_id[SOL_KEY_LEN])
{
	memset(ix, 0, sizeof *ix);
	if (program_id)
		memcpy(ix->program_id, program_id, SOL_KEY_LEN);
}

int sol_instruction_add_account(struct sol_instruction *ix, const uint8_t pubkey[SOL_KEY_LEN],
				bool is_signer, bool is_writable, struct error *e)
{
	struct sol_account_meta *a;

	if (ix->accounts_len >= COMPACT_MAX)
		return error_set(e, ERR_USAGE, "instruction has too many accounts");
	a = realloc(ix->accounts, (ix->accounts_len + 1) * sizeof *a);
	if (!a)
		return error_set(e, ERR_FAIL, "out of memory");
	ix->accounts = a;
	a += ix->accounts_len++;
	memcpy(a->pubkey, pubkey, SOL_KEY_LEN); /* NOLINT(clang-analyzer-core.NonNullParamChecker): callers pass a key */
	a->is_signer = is_signer;
	a->is_writable = is_writable;
	return ERR_OK;
}

/* A copy of n bytes; never NULL on success, even for n = 0. */
static uint8_t *dup_bytes(const uint8_t *p, size_t n)
{
	uint8_t *d = malloc(n ? n : 1);
	if (d && n)
		memcpy(d, p, n);
	return d;
}

int sol_instruction_set_data(struct sol_instruction *ix, const uint8_t *data, size_t len, struct error *e)
{
	uint8_t *d;

	if (len > COMPACT_MAX)
		return error_set(e, ERR_USAGE, "instruction data of %zu bytes is longer than 65535", len);
	d = dup_bytes(data, len);
	if (!d)
		return error_set(e, ERR_FAIL, "out of memory");
	free(ix->data);
	ix->data = d;
	ix->data_len = len;
	return ERR_OK;
}

void sol_instruction_release(struct sol_instruction *ix)
{
	if (!ix)
		return;
	free(ix->accounts);
	free(ix->data);
	ix->accounts = NULL;
	ix->data = NULL;
	ix->accounts_len = ix->data_len = 0;
}

void sol_instructions_release(struct sol_instruction *ixs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sol_instruction_release(&ixs[i]);
}

/* ---- messages ---- */

void sol_message_init(struct sol_message *m)
{
	memset(m, 0, sizeof *m);
	m->version = SOL_MESSAGE_LEGACY;
}

void sol_message_release(struct sol_message *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->instructions_len; i++) {
		free(m->instructions[i].accounts);
		free(m->instructions[i].data);
	}
	for (size_t i = 0; i < m->lookups_len; i++) {
		free(m->lookups[i].writable);
		free(m->lookups[i].readonly);
	}
	free(m->instructions);
	free(m->lookups);
	free(m->keys);
	sol_message_init(m);
}

size_t sol_message_loaded_writable(const struct sol_message *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->lookups_len; i++)
		n += m->lookups[i].writable_len;
	return n;
}

size_t sol_message_account_count(const struct sol_message *m)
{
	size_t n = m->keys_len;
	for (size_t i = 0; i < m->lookups_len; i++)
		n += m->lookups[i].writable_len + m->lookups[i].readonly_len;
	return n;
}

bool sol_message_is_signer(const struct sol_message *m, size_t i)
{
	return i < m->keys_len && i < m->num_required_signatures;
}

bool sol_message_is_writable(const struct sol_message *m, size_t i)
{
	size_t nsig = m->num_required_signatures;

	if (i < m->keys_len) {
		if (i < nsig)
			return i < nsig - m->num_readonly_signed;
		return m->num_readonly_unsigned <= m->keys_len - nsig &&
		       i < m->keys_len - m->num_readonly_unsigned;
	}
	i -= m->keys_len;
	return i < sol_message_loaded_writable(m);
}

int sol_message_check(const struct sol_message *m, struct error *e)
{
	size_t total = m->keys_len;

	if (m->version != SOL_MESSAGE_LEGACY && m->version != 0)
		return error_set(e, ERR_USAGE, "message version %d is not supported", m->version);
	if (m->keys_len == 0)
		return error_set(e, ERR_USAGE, "message has no account keys");
	if (m->num_required_signatures == 0)
		return error_set(e, ERR_USAGE, "message requires no signature: no fee payer");
	if ((size_t)m->num_required_signatures + m->num_readonly_unsigned > m->keys_len)
		return error_set(e, ERR_USAGE,
				 "message header counts %u signers and %u read-only unsigned accounts "
				 "but the message has %zu account keys",
				 m->num_required_signatures, m->num_readonly_unsigned, m->keys_len);
	if (m->num_readonly_signed >= m->num_required_signatures)
		return error_set(e, ERR_USAGE, "message header leaves no writable signer to pay the fee");
	if (m->version == SOL_MESSAGE_LEGACY && m->lookups_len)
		return error_set(e, ERR_USAGE, "a legacy message cannot have address table lookups");
	if (m->lookups_len > COMPACT_MAX || m->instructions_len > COMPACT_MAX)
		return error_set(e, ERR_USAGE, "message has too many instructions or lookups");
	for (size_t i = 0; i < m->lookups_len; i++) {
		const struct sol_lookup *l = &m->lookups[i];
		if (l->writable_len == 0 && l->readonly_len == 0)
			return error_set(e, ERR_USAGE, "address table lookup %zu loads no account", i);
		if (l->writable_len > SOL_MAX_ACCOUNTS || l->readonly_len > SOL_MAX_ACCOUNTS)
			return error_set(e, ERR_USAGE, "address table lookup %zu loads too many accounts", i);
		total += l->writable_len + l->readonly_len;
	}
	if (total > SOL_MAX_ACCOUNTS)
		return error_set(e, ERR_USAGE, "message uses %zu accounts, more than %d", total,
				 SOL_MAX_ACCOUNTS);
	for (size_t i = 1; i < m->keys_len; i++)
		for (size_t j = 0; j < i; j++)
			if (memcmp(m->keys[i], m->keys[j], SOL_KEY_LEN) == 0)
				return error_set(e, ERR_USAGE, "account key %zu repeats account key %zu", i, j);
	for (size_t i = 0; i < m->instructions_len; i++) {
		const struct sol_compiled_instruction *ci = &m->instructions[i];
		if (ci->program_index == 0)
			return error_set(e, ERR_USAGE, "instruction %zu invokes the fee payer as a program", i);
		if (ci->program_index >= m->keys_len)
			return error_set(e, ERR_USAGE,
					 "instruction %zu program index %u is out of range (%zu static keys)", i,
					 ci->program_index, m->keys_len);
		if (ci->accounts_len > COMPACT_MAX || ci->data_len > COMPACT_MAX)
			return error_set(e, ERR_USAGE, "instruction %zu is too long", i);
		for (size_t k = 0; k < ci->accounts_len; k++)
			if (ci->accounts[k] >= total)
				return error_set(e, ERR_USAGE,
						 "instruction %zu account %zu index %u is out of range (%zu accounts)",
						 i, k, ci->accounts[k], total);
	}
	return ERR_OK;
}

/* ---- compiling ---- */

struct ckey {
	uint8_t key[SOL_KEY_LEN];
	bool signer, writable, invoked;
	bool loaded;
	size_t pos; /* index in the final account list */
};

struct compiler {
	struct ckey *k;
	size_t n, cap;
	struct error *e;
};

static struct ckey *ckey_find(struct compiler *c, const uint8_t key[SOL_KEY_LEN])
{
	for (size_t i = 0; i < c->n; i++)
		if (memcmp(c->k[i].key, key, SOL_KEY_LEN) == 0)
			return &c->k[i];
	return NULL;
}

static struct ckey *ckey_get(struct compiler *c, const uint8_t key[SOL_KEY_LEN])
{
	struct ckey *k = ckey_find(c, key);
	if (k)
		return k;
	if (c->n >= c->cap) {
		error_set(c->e, ERR_USAGE, "message uses more than %d accounts", SOL_MAX_ACCOUNTS);
		return NULL;
	}
	k = &c->k[c->n++];
	memset(k, 0, sizeof *k);
	memcpy(k->key, key, SOL_KEY_LEN);
	return k;
}

/* Loads from table t the keys of one writability that it holds and that are
 * neither signers nor invoked programs, in the order of first use: their
 * table indexes go to idx, the keys to loaded; returns the count. */
static size_t drain(struct compiler *c, uint8_t *idx, struct ckey **loaded, const struct sol_lookup_table *t,
		    bool writable)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++) {
		struct ckey *k = &c->k[i];
		if (k->loaded || k->signer || k->invoked || k->writable != writable)
			continue;
		for (size_t a = 0; a < t->addresses_len; a++) {
			if (memcmp(t->addresses[a], k->key, SOL_KEY_LEN) == 0) {
				k->loaded = true;
				loaded[n] = k;
				idx[n++] = (uint8_t)a;
				break;
			}
		}
	}
	return n;
}

/* Fills m->lookups from the tables; order gets the loaded keys, writable
 * ones (of every table) first. */
static int compile_lookups(struct sol_message *m, struct compiler *c, const struct sol_lookup_table *tables,
			   size_t tables_len, struct ckey **order, size_t *order_len)
{
	struct ckey *lw[SOL_MAX_ACCOUNTS], *lr[SOL_MAX_ACCOUNTS];
	size_t nw = 0, nr = 0;

	m->lookups = calloc(tables_len ? tables_len : 1, sizeof *m->lookups);
	if (!m->lookups)
		return error_set(c->e, ERR_FAIL, "out of memory");
	for (size_t t = 0; t < tables_len; t++) {
		uint8_t w[SOL_MAX_ACCOUNTS], r[SOL_MAX_ACCOUNTS];
		size_t n_w, n_r;
		if (tables[t].addresses_len > SOL_LOOKUP_TABLE_MAX)
			return error_set(c->e, ERR_USAGE, "lookup table %zu has %zu addresses, more than %d", t,
					 tables[t].addresses_len, SOL_LOOKUP_TABLE_MAX);
		n_w = drain(c, w, lw + nw, &tables[t], true);
		n_r = drain(c, r, lr + nr, &tables[t], false);
		nw += n_w;
		nr += n_r;
		if (!n_w && !n_r)
			continue;
		struct sol_lookup *l = &m->lookups[m->lookups_len++];
		memcpy(l->table, tables[t].key, SOL_KEY_LEN);
		l->writable = dup_bytes(w, n_w);
		l->readonly = dup_bytes(r, n_r);
		if (!l->writable || !l->readonly)
			return error_set(c->e, ERR_FAIL, "out of memory");
		l->writable_len = n_w;
		l->readonly_len = n_r;
	}
	for (size_t i = 0; i < nw; i++)
		order[(*order_len)++] = lw[i];
	for (size_t i = 0; i < nr; i++)
		order[(*order_len)++] = lr[i];
	return ERR_OK;
}

static int compile_instruction(struct sol_compiled_instruction *ci, struct compiler *c,
			       const struct sol_instruction *ix)
{
	ci->program_index = (uint8_t)ckey_find(c, ix->program_id)->pos;
	ci->accounts = malloc(ix->accounts_len ? ix->accounts_len : 1);
	ci->data = dup_bytes(ix->data, ix->data_len);
	if (!ci->accounts || !ci->data)
		return error_set(c->e, ERR_FAIL, "out of memory");
	for (size_t a = 0; a < ix->accounts_len; a++)
		ci->accounts[a] = (uint8_t)ckey_find(c, ix->accounts[a].pubkey)->pos;
	ci->accounts_len = ix->accounts_len;
	ci->data_len = ix->data_len;
	return ERR_OK;
}

int sol_message_compile(struct sol_message *m, int version, const uint8_t payer[SOL_KEY_LEN],
			const uint8_t recent_blockhash[SOL_KEY_LEN], const struct sol_instruction *ixs,
			size_t ixs_len, const struct sol_lookup_table *tables, size_t tables_len,
			struct error *e)
{
	struct ckey keys[SOL_MAX_ACCOUNTS];
	struct ckey *order[SOL_MAX_ACCOUNTS], *loaded[SOL_MAX_ACCOUNTS];
	size_t order_len = 0, loaded_len = 0, nsig = 0, nro_sig = 0, nro = 0;
	struct compiler c = {keys, 0, SOL_MAX_ACCOUNTS, e};
	struct ckey *k;
	int rc;

	sol_message_release(m);
	if (version != SOL_MESSAGE_LEGACY && version != 0)
		return error_set(e, ERR_USAGE, "message version %d is not supported", version);
	if (version == SOL_MESSAGE_LEGACY && tables_len)
		return error_set(e, ERR_USAGE, "a legacy message cannot use lookup tables");
	if (ixs_len > COMPACT_MAX)
		return error_set(e, ERR_USAGE, "too many instructions");
	m->version = version;
	memcpy(m->recent_blockhash, recent_blockhash, SOL_KEY_LEN);

	/* every key once, in order of first use: payer, then per instruction
	 * its program and its accounts; roles merge */
	k = ckey_get(&c, payer);
	k->signer = k->writable = true;
	for (size_t i = 0; i < ixs_len; i++) {
		if (ixs[i].accounts_len > COMPACT_MAX || ixs[i].data_len > COMPACT_MAX)
			return error_set(e, ERR_USAGE, "instruction %zu is too long", i);
		if (!(k = ckey_get(&c, ixs[i].program_id)))
			return ERR_USAGE;
		k->invoked = true;
		for (size_t a = 0; a < ixs[i].accounts_len; a++) {
			if (!(k = ckey_get(&c, ixs[i].accounts[a].pubkey)))
				return ERR_USAGE;
			k->signer |= ixs[i].accounts[a].is_signer;
			k->writable |= ixs[i].accounts[a].is_writable;
		}
	}

	/* v0: keys found in the lookup tables leave the static list */
	if (version == 0 && tables_len) {
		if ((rc = compile_lookups(m, &c, tables, tables_len, loaded, &loaded_len)))
			goto fail;
	}
	/* static keys in four groups, each in order of first use */
	for (int g = 0; g < 4; g++) {
		bool signer = g < 2, writable = g == 0 || g == 2;
		for (size_t i = 0; i < c.n; i++) {
			k = &c.k[i];
			if (!k->loaded && k->signer == signer && k->writable == writable)
				order[order_len++] = k;
		}
	}
	m->keys_len = order_len;
	memcpy(order + order_len, loaded, loaded_len * sizeof *loaded);
	order_len += loaded_len;
	for (size_t i = 0; i < order_len; i++)
		order[i]->pos = i;
	for (size_t i = 0; i < m->keys_len; i++) {
		if (order[i]->signer) {
			nsig++;
			nro_sig += !order[i]->writable;
		} else {
			nro += !order[i]->writable;
		}
	}
	if (nsig > 255 || nro > 255) {
		rc = error_set(e, ERR_USAGE, "message has too many signers or read-only accounts");
		goto fail;
	}
	m->num_required_signatures = (uint8_t)nsig;
	m->num_readonly_signed = (uint8_t)nro_sig;
	m->num_readonly_unsigned = (uint8_t)nro;
	m->keys = malloc(m->keys_len * SOL_KEY_LEN);
	m->instructions = calloc(ixs_len ? ixs_len : 1, sizeof *m->instructions);
	if (!m->keys || !m->instructions) {
		rc = error_set(e, ERR_FAIL, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < m->keys_len; i++)
		memcpy(m->keys[i], order[i]->key, SOL_KEY_LEN);
	for (size_t i = 0; i < ixs_len; i++) {
		m->instructions_len = i + 1;
		if ((rc = compile_instruction(&m->instructions[i], &c, &ixs[i])))
			goto fail;
	}
	if ((rc = sol_message_check(m, e)))
		goto fail;
	return ERR_OK;
fail:
	sol_message_release(m);
	return rc;
}

/* ---- the wire form ---- */

struct wbuf {
	uint8_t *p;
	size_t cap, len;
	bool over;
};

static void w_bytes(struct wbuf *w, const void *p, size_t n)
{
	if (w->over || n > w->cap - w->len) {
		w->over = true;
		return;
	}
	if (n)
		memcpy(w->p + w->len, p, n);
	w->len += n;
}

static void w_u8(struct wbuf *w, uint8_t v)
{
	w_bytes(w, &v, 1);
}

static void w_compact(struct wbuf *w, size_t v)
{
	uint8_t b[SOL_COMPACT_U16_MAX];
	/* sol_message_check has bounded every length to 0xffff */
	w_bytes(w, b, sol_compact_u16_encode(b, (uint16_t)v));
}

int sol_message_serialize(uint8_t *out, size_t out_size, size_t *out_len, const struct sol_message *m,
			  struct error *e)
{
	struct wbuf w = {out, out_size, 0, false};
	int rc;

	*out_len = 0;
	if ((rc = sol_message_check(m, e)))
		return rc;
	if (m->version == 0)
		w_u8(&w, V0_PREFIX);
	w_u8(&w, m->num_required_signatures);
	w_u8(&w, m->num_readonly_signed);
	w_u8(&w, m->num_readonly_unsigned);
	w_compact(&w, m->keys_len);
	w_bytes(&w, m->keys, m->keys_len * SOL_KEY_LEN);
	w_bytes(&w, m->recent_blockhash, SOL_KEY_LEN);
	w_compact(&w, m->instructions_len);
	for (size_t i = 0; i < m->instructions_len; i++) {
		const struct sol_compiled_instruction *ci = &m->instructions[i];
		w_u8(&w, ci->program_index);
		w_compact(&w, ci->accounts_len);
		w_bytes(&w, ci->accounts, ci->accounts_len);
		w_compact(&w, ci->data_len);
		w_bytes(&w, ci->data, ci->data_len);
	}
	if (m->version == 0) {
		w_compact(&w, m->lookups_len);
		for (size_t i = 0; i < m->lookups_len; i++) {
			const struct sol_lookup *l = &m->lookups[i];
			w_bytes(&w, l->table, SOL_KEY_LEN);
			w_compact(&w, l->writable_len);
			w_bytes(&w, l->writable, l->writable_len);
			w_compact(&w, l->readonly_len);
			w_bytes(&w, l->readonly, l->readonly_len);
		}
	}
	if (w.over)
		return error_set(e, ERR_USAGE, "message does not fit in %zu bytes", out_size);
	*out_len = w.len;
	return ERR_OK;
}

struct rbuf {
	const uint8_t *p;
	size_t len, pos;
	struct error *e;
};

static int truncated(struct rbuf *r, const char *what)
{
	return error_set(r->e, ERR_USAGE, "message of %zu bytes is truncated in %s at byte %zu", r->len, what,
			 r->pos);
}

static int r_bytes(struct rbuf *r, void *out, size_t n, const char *what)
{
	if (n > r->len - r->pos)
		return truncated(r, what);
	memcpy(out, r->p + r->pos, n);
	r->pos += n;
	return ERR_OK;
}

static int r_compact(struct rbuf *r, size_t *v, const char *what)
{
	uint16_t x;
	size_t used;
	struct error sub;
	if (sol_compact_u16_decode(&x, &used, r->p + r->pos, r->len - r->pos, &sub))
		return error_set(r->e, ERR_USAGE, "message of %zu bytes: %s at byte %zu: %s", r->len, what, r->pos,
				 sub.msg);
	r->pos += used;
	*v = x;
	return ERR_OK;
}

/* A compact length and that many bytes, malloc'd (never NULL on success). */
static int r_array(struct rbuf *r, uint8_t **out, size_t *n, const char *what)
{
	int rc;
	if ((rc = r_compact(r, n, what)))
		return rc;
	if (*n > r->len - r->pos)
		return truncated(r, what);
	if (!(*out = dup_bytes(r->p + r->pos, *n)))
		return error_set(r->e, ERR_FAIL, "out of memory");
	r->pos += *n;
	return ERR_OK;
}

static int parse(struct sol_message *m, struct rbuf *r)
{
	uint8_t b;
	size_t n;
	int rc;

	if (r->len > SOL_PACKET_MAX)
		return error_set(r->e, ERR_USAGE, "message of %zu bytes is longer than a transaction can be (%d)",
				 r->len, SOL_PACKET_MAX);
	if ((rc = r_bytes(r, &b, 1, "the header")))
		return rc;
	if (b & V0_PREFIX) {
		m->version = b & 0x7f;
		if (m->version != 0)
			return error_set(r->e, ERR_USAGE, "message version %d is not supported", m->version);
		if ((rc = r_bytes(r, &b, 1, "the header")))
			return rc;
	}
	m->num_required_signatures = b;
	if ((rc = r_bytes(r, &m->num_readonly_signed, 1, "the header")) ||
	    (rc = r_bytes(r, &m->num_readonly_unsigned, 1, "the header")))
		return rc;

	if ((rc = r_compact(r, &n, "the account key count")))
		return rc;
	if (n > (r->len - r->pos) / SOL_KEY_LEN)
		return truncated(r, "the account keys");
	if (n > SOL_MAX_ACCOUNTS)
		return error_set(r->e, ERR_USAGE, "message has %zu account keys, more than %d", n, SOL_MAX_ACCOUNTS);
	if (!(m->keys = malloc(n ? n * SOL_KEY_LEN : 1)))
		return error_set(r->e, ERR_FAIL, "out of memory");
	m->keys_len = n;
	if ((rc = r_bytes(r, m->keys, n * SOL_KEY_LEN, "the account keys")) ||
	    (rc = r_bytes(r, m->recent_blockhash, SOL_KEY_LEN, "the recent blockhash")))
		return rc;

	/* an instruction takes 3 bytes at least */
	if ((rc = r_compact(r, &n, "the instruction count")))
		return rc;
	if (n > (r->len - r->pos) / 3)
		return truncated(r, "the instructions");
	if (!(m->instructions = calloc(n ? n : 1, sizeof *m->instructions)))
		return error_set(r->e, ERR_FAIL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct sol_compiled_instruction *ci = &m->instructions[i];
		m->instructions_len = i + 1;
		if ((rc = r_bytes(r, &ci->program_index, 1, "an instruction's program index")) ||
		    (rc = r_array(r, &ci->accounts, &ci->accounts_len, "an instruction's accounts")) ||
		    (rc = r_array(r, &ci->data, &ci->data_len, "an instruction's data")))
			return rc;
	}

	if (m->version == 0) {
		/* a lookup takes 34 bytes at least */
		if ((rc = r_compact(r, &n, "the lookup count")))
			return rc;
		if (n > (r->len - r->pos) / (SOL_KEY_LEN + 2))
			return truncated(r, "the address table lookups");
		if (!(m->lookups = calloc(n ? n : 1, sizeof *m->lookups)))
			return error_set(r->e, ERR_FAIL, "out of memory");
		for (size_t i = 0; i < n; i++) {
			struct sol_lookup *l = &m->lookups[i];
			m->lookups_len = i + 1;
			if ((rc = r_bytes(r, l->table, SOL_KEY_LEN, "a lookup's table address")) ||
			    (rc = r_array(r, &l->writable, &l->writable_len, "a lookup's writable indexes")) ||
			    (rc = r_array(r, &l->readonly, &l->readonly_len, "a lookup's read-only indexes")))
				return rc;
		}
	}
	if (r->pos != r->len)
		return error_set(r->e, ERR_USAGE, "message has %zu trailing bytes", r->len - r->pos);
	return sol_message_check(m, r->e);
}

int sol_message_parse(struct sol_message *m, const uint8_t *in, size_t len, struct error *e)
{
	struct rbuf r = {in, len, 0, e};
	int rc;

	sol_message_release(m);
	if ((rc = parse(m, &r)))
		sol_message_release(m);
	return rc;
}

/* ---- account lists ---- */

static const struct sol_lookup_table *find_table(const struct sol_lookup_table *tables, size_t n,
						 const uint8_t key[SOL_KEY_LEN])
{
	for (size_t i = 0; i < n; i++)
		if (memcmp(tables[i].key, key, SOL_KEY_LEN) == 0)
			return &tables[i];
	return NULL;
}

static int load(uint8_t (*out)[SOL_KEY_LEN], size_t *pos, const struct sol_lookup_table *t, size_t lookup,
		const uint8_t *idx, size_t n, struct error *e)
{
	for (size_t i = 0; i < n; i++) {
		if (idx[i] >= t->addresses_len)
			return error_set(e, ERR_USAGE,
					 "address table lookup %zu index %u is beyond the table's %zu addresses",
					 lookup, idx[i], t->addresses_len);
		memcpy(out[(*pos)++], t->addresses[idx[i]], SOL_KEY_LEN);
	}
	return ERR_OK;
}

int sol_message_resolve(uint8_t (*out)[SOL_KEY_LEN], size_t out_len, const struct sol_message *m,
			const struct sol_lookup_table *tables, size_t tables_len, struct error *e)
{
	size_t total = sol_message_account_count(m), pos = m->keys_len;
	int rc;

	if (out_len < total)
		return error_set(e, ERR_USAGE, "room for %zu accounts, the message uses %zu", out_len, total);
	memcpy(out, m->keys, m->keys_len * SOL_KEY_LEN);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < m->lookups_len; i++) {
			const struct sol_lookup *l = &m->lookups[i];
			const struct sol_lookup_table *t = find_table(tables, tables_len, l->table);
			if (!t)
				return error_set(e, ERR_NOTFOUND, "address lookup table %zu was not provided", i);
			rc = pass == 0 ? load(out, &pos, t, i, l->writable, l->writable_len, e)
				       : load(out, &pos, t, i, l->readonly, l->readonly_len, e);
			if (rc)
				return rc;
		}
	}
	for (size_t i = m->keys_len; i < total; i++)
		for (size_t j = 0; j < i; j++)
			if (memcmp(out[i], out[j], SOL_KEY_LEN) == 0)
				return error_set(e, ERR_USAGE, "loaded account %zu repeats account %zu", i, j);
	return ERR_OK;
}

int sol_message_instruction(struct sol_instruction *out, const struct sol_message *m, size_t i,
			    const uint8_t (*keys)[SOL_KEY_LEN], size_t keys_len, struct error *e)
{
	const struct sol_compiled_instruction *ci;
	int rc;

	sol_instruction_release(out);
	if (i >= m->instructions_len)
		return error_set(e, ERR_USAGE, "the message has no instruction %zu", i);
	ci = &m->instructions[i];
	if (ci->program_index >= keys_len)
		return error_set(e, ERR_USAGE, "instruction %zu program index %u is out of range", i,
				 ci->program_index);
	sol_instruction_init(out, keys[ci->program_index]);
	for (size_t a = 0; a < ci->accounts_len; a++) {
		uint8_t x = ci->accounts[a];
		if (x >= keys_len) {
			rc = error_set(e, ERR_USAGE,
				       "instruction %zu account index %u is not among the %zu accounts given "
				       "(resolve the lookup tables first)",
				       i, x, keys_len);
			goto fail;
		}
		if ((rc = sol_instruction_add_account(out, keys[x], sol_message_is_signer(m, x),
						      sol_message_is_writable(m, x), e)))
			goto fail;
	}
	if ((rc = sol_instruction_set_data(out, ci->data, ci->data_len, e)))
		goto fail;
	return ERR_OK;
fail:
	sol_instruction_release(out);
	return rc;
}
