/* cpassword.c: GPP cpassword through OpenSSL EVP (MS-GPPREF 2.2.1.1.4). */
#include "cpassword.h"

#include "diag.h"
#include "error.h"
#include "model.h"
#include "xalloc.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const unsigned char cpassword_key[32] = {
	0x4e, 0x99, 0x06, 0xe8, 0xfc, 0xb6, 0x6c, 0xc9,
	0xfa, 0xf4, 0x93, 0x10, 0x62, 0x0f, 0xfe, 0xe8,
	0xf4, 0x96, 0xe8, 0x06, 0xcc, 0x05, 0x79, 0x90,
	0x20, 0x9b, 0x09, 0xa4, 0x33, 0xb6, 0x6c, 0x1b,
};

/* A password longer than this is not a password: it bounds the buffers. */
#define CPW_MAX_B64 4096

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Strict base64: the standard alphabet, '=' padding optional but, when
 * present, complete. Returns the decoded length or -1. out holds len*3/4+3. */
static long b64_decode(const char *s, size_t len, unsigned char *out)
{
	size_t pad = 0, n = 0;
	uint32_t acc = 0;
	unsigned bits = 0;

	while (pad < 2 && len > 0 && s[len - 1] == '=') {
		len--;
		pad++;
	}
	if (pad && (len + pad) % 4)
		return -1;
	if (len % 4 == 1)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int v = b64_value((unsigned char)s[i]);

		if (v < 0)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	/* leftover bits must be zero, else the text was not made by an encoder */
	if (acc & ((1u << bits) - 1))
		return -1;
	return (long)n;
}

/* UTF-16LE to UTF-8; surrogate pairs combine, lone surrogates are errors.
 * A trailing NUL code unit (some writers include one) ends the string. */
static char *utf16le_to_utf8(const unsigned char *p, size_t n)
{
	char *out = NULL, *o;
	size_t i = 0;

	if (n % 2)
		return NULL;
	out = xmalloc(n / 2 * 3 + 1);
	o = out;
	while (i < n) {
		uint32_t c = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8;

		i += 2;
		if (c == 0)
			break;
		if (c >= 0xDC00 && c <= 0xDFFF)
			goto bad;
		if (c >= 0xD800 && c <= 0xDBFF) {
			uint32_t lo;

			if (i >= n)
				goto bad;
			lo = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8;
			if (lo < 0xDC00 || lo > 0xDFFF)
				goto bad;
			i += 2;
			c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
		}
		if (c < 0x80) {
			*o++ = (char)c;
		} else if (c < 0x800) {
			*o++ = (char)(0xC0 | c >> 6);
			*o++ = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			*o++ = (char)(0xE0 | c >> 12);
			*o++ = (char)(0x80 | (c >> 6 & 0x3F));
			*o++ = (char)(0x80 | (c & 0x3F));
		} else {
			*o++ = (char)(0xF0 | c >> 18);
			*o++ = (char)(0x80 | (c >> 12 & 0x3F));
			*o++ = (char)(0x80 | (c >> 6 & 0x3F));
			*o++ = (char)(0x80 | (c & 0x3F));
		}
	}
	*o = '\0';
	return out;
bad:
	OPENSSL_cleanse(out, n / 2 * 3 + 1);
	free(out);
	return NULL;
}

/* Decodes one UTF-8 sequence at s; returns its length (0 on invalid,
 * overlong, surrogate or out-of-range encodings). */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	size_t len, i;
	uint32_t c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* UTF-8 to UTF-16LE into a new buffer of *n bytes; NULL on invalid UTF-8. */
static unsigned char *utf8_to_utf16le(const char *s, size_t *n)
{
	size_t len = strlen(s), o = 0;
	unsigned char *out = xmalloc(len * 2 + 2);
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t c;
		size_t k = utf8_next(p, &c);

		if (!k) {
			OPENSSL_cleanse(out, len * 2 + 2);
			free(out);
			return NULL;
		}
		p += k;
		if (c >= 0x10000) {
			uint32_t v = c - 0x10000, hi = 0xD800 | v >> 10, lo = 0xDC00 | (v & 0x3FF);

			out[o++] = (unsigned char)hi;
			out[o++] = (unsigned char)(hi >> 8);
			c = lo;
		}
		out[o++] = (unsigned char)c;
		out[o++] = (unsigned char)(c >> 8);
	}
	*n = o;
	return out;
}

/* One AES-256-CBC pass with the published key and a zero IV. */
static int aes_run(int enc, const unsigned char *in, size_t n, unsigned char *out,
		   int *outlen)
{
	static const unsigned char iv[16];
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int len1 = 0, len2 = 0, rc = -1;

	if (!ctx || n > INT32_MAX)
		goto out;
	if (EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), NULL, cpassword_key, iv, enc) != 1)
		goto out;
	if (EVP_CipherUpdate(ctx, out, &len1, in, (int)n) != 1)
		goto out;
	if (EVP_CipherFinal_ex(ctx, out + len1, &len2) != 1)
		goto out;
	*outlen = len1 + len2;
	rc = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

int cpassword_decrypt(const char *b64, char **out, struct diags *warn,
		      const struct src_pos *pos, struct acc_error *err)
{
	size_t len = strlen(b64);
	unsigned char *raw = NULL, *plain = NULL;
	long n;
	int plen = 0, rc = -1;
	char *s = NULL;

	if (len == 0 || len > CPW_MAX_B64) {
		acc_fail(err, ACC_ECRYPTO, 0, "cpassword is %s; expected the base64 text GPMC writes",
			 len ? "too long" : "empty");
		goto out;
	}
	raw = xmalloc(len * 3 / 4 + 3);
	n = b64_decode(b64, len, raw);
	if (n < 0) {
		acc_fail(err, ACC_ECRYPTO, 0, "cpassword is not valid base64");
		goto out;
	}
	if (n == 0 || n % 16) {
		acc_fail(err, ACC_ECRYPTO, 0,
			 "cpassword decodes to %ld bytes, not a whole number of AES blocks", n);
		goto out;
	}
	plain = xmalloc((size_t)n + 16);
	if (aes_run(0, raw, (size_t)n, plain, &plen) < 0) {
		acc_fail(err, ACC_ECRYPTO, 0,
			 "cpassword does not decrypt with the MS-GPPREF key (bad padding); "
			 "was it copied whole?");
		goto out;
	}
	s = utf16le_to_utf8(plain, (size_t)plen);
	if (!s) {
		acc_fail(err, ACC_ECRYPTO, 0, "cpassword decrypts to invalid UTF-16LE text");
		goto out;
	}
	if (warn)
		diags_add(warn, DIAG_WARNING, pos ? pos->file : NULL, pos ? pos->line : 0,
			  pos ? pos->col : 0,
			  "password read from a GPP cpassword: its AES key is public (MS14-025), "
			  "so such a file is as good as plaintext; move the password to an "
			  "{env: ...} or {file: ...} reference ('accord convert')");
	*out = s;
	s = NULL;
	rc = 0;
out:
	if (plain) {
		OPENSSL_cleanse(plain, (size_t)n + 16);
		free(plain);
	}
	free(raw);
	return rc;
}

int cpassword_encrypt(const char *plain, char **out, struct acc_error *err)
{
	unsigned char *u16 = NULL, *enc = NULL;
	size_t n = 0, blen;
	int elen = 0, rc = -1;
	char *b64 = NULL;

	u16 = utf8_to_utf16le(plain, &n);
	if (!u16) {
		acc_fail(err, ACC_EINVAL, 0, "password is not valid UTF-8; cannot encode it as a cpassword");
		goto out;
	}
	enc = xmalloc(n + 16);
	if (aes_run(1, u16, n, enc, &elen) < 0) {
		acc_fail(err, ACC_ECRYPTO, 0, "AES-256-CBC encryption failed in OpenSSL");
		goto out;
	}
	b64 = xmalloc((size_t)elen / 3 * 4 + 5);
	EVP_EncodeBlock((unsigned char *)b64, enc, elen);
	blen = strlen(b64);
	while (blen > 0 && b64[blen - 1] == '=')
		b64[--blen] = '\0';
	*out = b64;
	b64 = NULL;
	rc = 0;
out:
	if (u16) {
		OPENSSL_cleanse(u16, n);
		free(u16);
	}
	free(enc);
	free(b64);
	return rc;
}

void cpassword_free(char *plain)
{
	if (!plain)
		return;
	OPENSSL_cleanse(plain, strlen(plain));
	free(plain);
}
