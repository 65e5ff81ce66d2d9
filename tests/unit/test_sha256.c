/* SHA-256 against the FIPS 180-4 examples and a multi-block update. */
#include <string.h>

#include "core/core.h"
#include "unit.h"

static void
test_vectors(void)
{
	char	 hex[65];

	sha256_hex("", 0, hex);
	CHECK_STR(hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	CHECK_STR(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	    hex);
	CHECK_STR(hex,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_incremental(void)
{
	struct sha256	 s;
	uint8_t		 md[32];
	char		 buf[1001], hex[65];
	size_t		 i;
	static const char digits[] = "0123456789abcdef";

	memset(buf, 'a', sizeof buf);
	sha256_init(&s);
	for (i = 0; i < 1000; i++)	/* one million 'a' in odd pieces */
		sha256_update(&s, buf, i % 2 ? 999 : 1001);
	sha256_final(&s, md);
	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 0xf];
	}
	hex[64] = '\0';
	CHECK_STR(hex,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	/* The same in hex straight away. */
	sha256_init(&s);
	for (i = 0; i < 1000; i++)
		sha256_update(&s, buf, i % 2 ? 999 : 1001);
	memset(hex, 'x', sizeof hex);
	sha256_final_hex(&s, hex);
	CHECK_STR(hex,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

UNIT_SUITE(sha256,
	{ "fips-vectors", test_vectors },
	{ "incremental-million-a", test_incremental },
)
