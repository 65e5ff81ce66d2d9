/*
 * SHA-256, for document identity and watchlist versions, by OpenSSL's
 * libcrypto (EVP): SHA-NI or AVX2 code where the CPU has it, about ten
 * times the speed of a portable C loop, and nothing hand-written.  Not
 * used for secrets.
 */
#include <stdint.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/core.h"

/* Start a new digest. */
void
sha256_init(struct sha256 *s)
{
	if ((s->ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL) != 1)
		fatalx("SHA-256: OpenSSL cannot start a digest");
}

/* Add len bytes to the digest. */
void
sha256_update(struct sha256 *s, const void *p, size_t len)
{
	if (len > 0 && EVP_DigestUpdate(s->ctx, p, len) != 1)
		fatalx("SHA-256: OpenSSL cannot update a digest");
}

/* Finish the digest into md and free its state. */
void
sha256_final(struct sha256 *s, uint8_t md[32])
{
	unsigned int	 n = 32;

	if (EVP_DigestFinal_ex(s->ctx, md, &n) != 1 || n != 32)
		fatalx("SHA-256: OpenSSL cannot finish a digest");
	EVP_MD_CTX_free(s->ctx);
	s->ctx = NULL;
}

/* A digest of 32 bytes as 64 lower-case hex digits and a NUL. */
static void
sha256_tohex(const uint8_t md[32], char out[65])
{
	static const char	 digits[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 0xf];
	}
	out[64] = '\0';
}

/* Finish the digest as sha256_final does, into hex. */
void
sha256_final_hex(struct sha256 *s, char out[65])
{
	uint8_t	 md[32];

	sha256_final(s, md);
	sha256_tohex(md, out);
}

/* The SHA-256 of len bytes as 64 lower-case hex digits and a NUL. */
void
sha256_hex(const void *p, size_t len, char out[65])
{
	uint8_t		 md[32];
	unsigned int	 n = 32;

	if (EVP_Digest(p, len, md, &n, EVP_sha256(), NULL) != 1 || n != 32)
		fatalx("SHA-256: OpenSSL cannot make a digest");
	sha256_tohex(md, out);
}

/*
 * HMAC-SHA256 of data under key, as 64 lower-case hex digits: the
 * signature of a delivered alert (X-Sanctwatch-Signature), by libcrypto.
 */
void
hmac_sha256_hex(const void *key, size_t keylen, const void *data,
    size_t len, char hex[65])
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen = 0;

	if (HMAC(EVP_sha256(), key, (int)keylen, data, len, md, &mdlen) ==
	    NULL || mdlen != 32)
		fatalx("HMAC-SHA-256: OpenSSL cannot make a signature");
	sha256_tohex(md, hex);
}
