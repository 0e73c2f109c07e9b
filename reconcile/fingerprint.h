#pragma once
/* fingerprint.h: password fingerprints, so accord can tell whether the
 * secret it is asked to set is the one it set before, without keeping it.
 *
 * A fingerprint is scrypt(secret, per-database salt) in lowercase hex. It
 * is a slow, salted, memory-hard KDF, never a plain hash: whoever reads the
 * state database (salt and fingerprints) must pay FP_SCRYPT_N work per
 * guess per salt. The cost is a trade-off with plan time, measured on the
 * project's 2-core build machine (OpenSSL 3.0, one thread):
 *   scrypt r=8 p=1  N=2^10 2.7 ms, 2^11 5.2 ms, 2^12 11 ms, 2^13 23 ms, 2^14 50 ms
 *   PBKDF2-SHA256   10,000 it 3.8 ms, 100,000 it 39 ms (not memory-hard)
 * N=2^11 (2 MiB of memory per guess) gives about 5 ms per secret: 1,000
 * accounts with distinct secrets take about 5 s, 10,000 about 50 s. 2^14
 * (50 ms) would make 10,000 accounts take over 8 minutes per plan, which
 * nobody would run. Secrets shared by several accounts are computed once
 * (desired_secrets_compute caches per source). Changing these parameters
 * changes every fingerprint, so the next plan sets every enforced password
 * again (same secrets): they are fixed, not configuration. */

#include "diff.h"

#include <stddef.h>

struct acc_error;
struct m_user;
struct model;

#define FP_SCRYPT_N (1u << 11)
#define FP_SCRYPT_R 8u
#define FP_SCRYPT_P 1u
#define FP_BYTES 32
#define FP_HEX_LEN (2 * FP_BYTES)

/* Computes the fingerprint of secret under salt into out (FP_HEX_LEN hex
 * digits and a NUL). Returns 0, or -1 with err (ACC_ECRYPTO). */
int fp_compute(const unsigned char *salt, size_t salt_len, const char *secret,
	       char out[FP_HEX_LEN + 1], struct acc_error *err);

/* Reads the secret of u (u->password.kind != PW_NONE) into *secret, a heap
 * string release() wipes and frees. Returns 0, or -1 with err. */
typedef int (*fp_secret_fn)(void *ud, const struct m_user *u, char **secret,
			    struct acc_error *err);

/* Fills out (one entry per model user; out is released first) with the
 * fingerprint and length of every stated password, reading each secret
 * once per source (kind, reference, stating file) through get and wiping
 * it with release at once. Users without a password get NULL. Returns 0,
 * or -1 with err (the first secret that could not be read) and out empty. */
int desired_secrets_compute(const struct model *m, const unsigned char *salt, size_t salt_len,
			    fp_secret_fn get, void (*release)(char *secret), void *ud,
			    struct desired_secrets *out, struct acc_error *err);
