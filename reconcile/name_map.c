/* name_map.c: open addressing with linear probing, kept at most half full. */
#include "name_map.h"

#include "names.h"
#include "xalloc.h"

#include <stdlib.h>

static void grow(struct nmap *m)
{
	struct nmap_slot *old = m->slot;
	size_t old_cap = m->cap;

	m->cap = m->cap ? m->cap * 2 : 64;
	m->slot = xcalloc(m->cap, sizeof(*m->slot));
	for (size_t i = 0; i < old_cap; i++) {
		size_t h;

		if (!old[i].key)
			continue;
		for (h = acc_name_hash(old[i].key) & (m->cap - 1); m->slot[h].key; h = (h + 1) & (m->cap - 1))
			;
		m->slot[h] = old[i];
	}
	free(old);
}

bool nmap_put(struct nmap *m, const char *key, size_t val)
{
	size_t h;

	if (2 * (m->n + 1) > m->cap)
		grow(m);
	for (h = acc_name_hash(key) & (m->cap - 1); m->slot[h].key; h = (h + 1) & (m->cap - 1))
		if (acc_name_eq(m->slot[h].key, key))
			return false;
	m->slot[h].key = xstrdup(key);
	m->slot[h].val = val;
	m->n++;
	return true;
}

bool nmap_get(const struct nmap *m, const char *key, size_t *val)
{
	if (!m->cap || !key)
		return false;
	for (size_t h = acc_name_hash(key) & (m->cap - 1); m->slot[h].key; h = (h + 1) & (m->cap - 1)) {
		if (acc_name_eq(m->slot[h].key, key)) {
			*val = m->slot[h].val;
			return true;
		}
	}
	return false;
}

void nmap_release(struct nmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slot[i].key);
	free(m->slot);
	m->slot = NULL;
	m->cap = m->n = 0;
}
