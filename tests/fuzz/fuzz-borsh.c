/* Borsh readers (chains/solana/borsh.h), as account layouts read chain data:
 *   byte 0          the number of reads (mod 33)
 *   one byte each   the read: low 4 bits the kind, high 4 bits its size
 *                   (fixed arrays: 0..60 bytes; strings: room for 1..121)
 *   the rest        the data
 * The values read, written back with the writer, give the bytes consumed;
 * borsh_reader_end accepts exactly when everything went well and all the
 * data was read. Anchor's account check runs on the data too. */
#include "config.h"
#include "fuzz.h"

#include "chains/solana/anchor.h"
#include "chains/solana/borsh.h"

#define MAX_OPS 32

/* Well-formed UTF-8 by the Unicode standard's table of byte sequences
 * (Table 3-7), a second reading to compare borsh_utf8_valid with. */
static bool utf8_reference(const uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint8_t b = p[i];
		uint8_t lo = 0x80, hi = 0xbf;
		size_t more;
		if (b <= 0x7f) {
			i++;
			continue;
		}
		if (b >= 0xc2 && b <= 0xdf)
			more = 1;
		else if (b == 0xe0)
			more = 2, lo = 0xa0;
		else if ((b >= 0xe1 && b <= 0xec) || b == 0xee || b == 0xef)
			more = 2;
		else if (b == 0xed)
			more = 2, hi = 0x9f;
		else if (b == 0xf0)
			more = 3, lo = 0x90;
		else if (b >= 0xf1 && b <= 0xf3)
			more = 3;
		else if (b == 0xf4)
			more = 3, hi = 0x8f;
		else
			return false;
		if (n - i - 1 < more)
			return false;
		if (p[i + 1] < lo || p[i + 1] > hi)
			return false;
		for (size_t k = 2; k <= more; k++)
			if (p[i + k] < 0x80 || p[i + k] > 0xbf)
				return false;
		i += more + 1;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	struct borsh_reader r;
	struct borsh_writer w;
	uint8_t nops, ops[MAX_OPS];
	int failed = 0;

	if (!fuzz_take_byte(&nops, &data, &size))
		return 0;
	nops %= MAX_OPS + 1;
	for (unsigned i = 0; i < nops; i++)
		if (!fuzz_take_byte(&ops[i], &data, &size))
			return 0;
	uint8_t *in = fuzz_copy(data, size);
	uint8_t *out = malloc(size + 1);
	FUZZ_CHECK(out != NULL);

	borsh_reader_init(&r, in, size);
	borsh_writer_init(&w, out, size + 1);
	for (unsigned i = 0; i < nops; i++) {
		unsigned kind = ops[i] & 15, arg = ops[i] >> 4;
		int rc = 0;
		switch (kind) {
		case 0: {
			uint8_t v;
			if (!(rc = borsh_read_u8(&r, &v)))
				borsh_write_u8(&w, v);
			break;
		}
		case 1: {
			uint16_t v;
			if (!(rc = borsh_read_u16(&r, &v)))
				borsh_write_u16(&w, v);
			break;
		}
		case 2: {
			uint32_t v;
			if (!(rc = borsh_read_u32(&r, &v)))
				borsh_write_u32(&w, v);
			break;
		}
		case 3: {
			uint64_t v;
			if (!(rc = borsh_read_u64(&r, &v)))
				borsh_write_u64(&w, v);
			break;
		}
		case 4: {
			int64_t v;
			if (!(rc = borsh_read_i64(&r, &v)))
				borsh_write_i64(&w, v);
			break;
		}
		case 5: {
			uint64_t lo, hi;
			if (!(rc = borsh_read_u128(&r, &lo, &hi)))
				borsh_write_u128(&w, lo, hi);
			break;
		}
		case 6: {
			bool v;
			if (!(rc = borsh_read_bool(&r, &v)))
				borsh_write_bool(&w, v);
			break;
		}
		case 7: {
			bool some;
			if (!(rc = borsh_read_option(&r, &some))) {
				if (some)
					borsh_write_option_some(&w);
				else
					borsh_write_option_none(&w);
			}
			break;
		}
		case 8: {
			uint8_t buf[60];
			size_t n = arg * 4;
			if (!(rc = borsh_read_fixed(&r, buf, n)))
				borsh_write_fixed(&w, buf, n);
			break;
		}
		case 9: {
			const uint8_t *p;
			size_t n;
			if (!(rc = borsh_read_vec(&r, &p, &n))) {
				FUZZ_CHECK(p >= in && p + n <= in + size);
				borsh_write_vec(&w, p, n);
			}
			break;
		}
		default: {
			char buf[121];
			size_t room = arg * 8 + 1;
			if (!(rc = borsh_read_string(&r, buf, room))) {
				FUZZ_CHECK(strlen(buf) < room);
				FUZZ_CHECK(borsh_utf8_valid((const uint8_t *)buf, strlen(buf)));
				borsh_write_string(&w, buf);
			}
			break;
		}
		}
		if (rc) {
			FUZZ_CHECK(rc == ERR_USAGE);
			failed = 1;
		} else {
			FUZZ_CHECK(!failed); /* a reader stays failed */
		}
	}
	int end = borsh_reader_end(&r, &e);
	FUZZ_CHECK((end == 0) == (!failed && r.pos == size));
	if (!failed) {
		size_t len = 0;
		FUZZ_CHECK(r.pos <= size);
		FUZZ_CHECK(borsh_writer_finish(&len, &w, &e) == 0);
		FUZZ_CHECK(len == r.pos && memcmp(out, in, len) == 0);
	}

	FUZZ_CHECK(borsh_utf8_valid(in, size) == utf8_reference(in, size));
	(void)!anchor_account_check(in, size, "Mint", &e);
	free(out);
	free(in);
	return 0;
}
