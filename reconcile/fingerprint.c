/* fingerprint.c: scrypt fingerprints of desired secrets. */
#include "fingerprint.h"

#include "error.h"
#include "model.h"
#include "names.h"
#include "xalloc.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <stdlib.h>
#include <string.h>

int fp_compute(const unsigned char *salt, size_t salt_len, const char *secret,
	       char out[FP_HEX_LEN + 1], struct acc_error *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char key[FP_BYTES];

	/* maxmem: 128 * r * N bytes plus slack; OpenSSL's default (32 MiB) is
	 * enough, but say it so a change of N cannot fail obscurely. */
	if (!EVP_PBE_scrypt(secret, strlen(secret), salt, salt_len, FP_SCRYPT_N, FP_SCRYPT_R,
			    FP_SCRYPT_P, 2ull * 128 * FP_SCRYPT_R * FP_SCRYPT_N, key, sizeof(key)))
		return acc_fail(err, ACC_ECRYPTO, (long)ERR_get_error(),
				"password fingerprint: scrypt failed");
	for (size_t i = 0; i < sizeof(key); i++) {
		out[2 * i] = hex[key[i] >> 4];
		out[2 * i + 1] = hex[key[i] & 15];
	}
	out[FP_HEX_LEN] = '\0';
	OPENSSL_cleanse(key, sizeof(key));
	return 0;
}

void desired_secrets_release(struct desired_secrets *s)
{
	for (size_t i = 0; s && i < s->n; i++)
		free(s->v[i].fingerprint);
	if (s) {
		free(s->v);
		s->v = NULL;
		s->n = 0;
	}
}

/* Two users share a source when kind, reference and (for relative files)
 * the stating file are the same: the secret is then the same. */
static bool same_source(const struct m_user *a, const struct m_user *b)
{
	if (a->password.kind != b->password.kind || !a->password.ref || !b->password.ref ||
	    strcmp(a->password.ref, b->password.ref))
		return false;
	if (a->password.kind != PW_FILE || a->password.ref[0] == '/')
		return true;
	return a->pos.file == b->pos.file ||
	       (a->pos.file && b->pos.file && !strcmp(a->pos.file, b->pos.file));
}

static unsigned source_hash(const struct m_user *u)
{
	unsigned h = 2166136261u ^ (unsigned)u->password.kind;

	for (const unsigned char *p = (const unsigned char *)u->password.ref; p && *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

int desired_secrets_compute(const struct model *m, const unsigned char *salt, size_t salt_len,
			    fp_secret_fn get, void (*release)(char *secret), void *ud,
			    struct desired_secrets *out, struct acc_error *err)
{
	struct desired_secrets s = { xcalloc(m->n_users ? m->n_users : 1, sizeof(*s.v)), m->n_users };
	size_t cap = 16, *slot = NULL;  /* open addressing: user index + 1 of a computed source */
	int ret = -1;

	while (cap < 2 * m->n_users)
		cap *= 2;
	slot = xcalloc(cap, sizeof(*slot));
	for (size_t i = 0; i < m->n_users; i++) {
		const struct m_user *u = &m->users[i];
		char *secret = NULL, fp[FP_HEX_LEN + 1];
		size_t h;
		int r;

		if (u->password.kind == PW_NONE)
			continue;
		for (h = source_hash(u) & (cap - 1); slot[h]; h = (h + 1) & (cap - 1))
			if (same_source(&m->users[slot[h] - 1], u))
				break;
		if (slot[h]) {
			s.v[i].fingerprint = xstrdup(s.v[slot[h] - 1].fingerprint);
			s.v[i].length = s.v[slot[h] - 1].length;
			continue;
		}
		if (get(ud, u, &secret, err) < 0)
			goto out;
		s.v[i].length = acc_utf8_len(secret);
		if (s.v[i].length < 0)  /* not UTF-8: count bytes, as a policy would */
			s.v[i].length = (long)strlen(secret);
		r = fp_compute(salt, salt_len, secret, fp, err);
		release(secret);
		if (r < 0)
			goto out;
		s.v[i].fingerprint = xstrdup(fp);
		slot[h] = i + 1;
	}
	desired_secrets_release(out);
	*out = s;
	s.v = NULL;
	s.n = 0;
	ret = 0;
out:
	desired_secrets_release(&s);
	free(slot);
	return ret;
}
