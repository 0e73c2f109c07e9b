#pragma once
/* name_map.h: a hash map from account names (compared as Windows does,
 * case-insensitively: acc_name_eq) to a size_t, for the diff's lookups
 * over 100,000-account servers. Keys are copied; nmap_release frees them. */

#include <stdbool.h>
#include <stddef.h>

struct nmap_slot {
	char *key;
	size_t val;
};

struct nmap {
	struct nmap_slot *slot;
	size_t cap, n;
};
#define NMAP_INIT { NULL, 0, 0 }

/* Sets key to val; returns false when key was already there (its value is
 * then left unchanged). */
bool nmap_put(struct nmap *m, const char *key, size_t val);
/* True and *val set when key is present. */
bool nmap_get(const struct nmap *m, const char *key, size_t *val);
void nmap_release(struct nmap *m);
