/* yaml_hosts.c: the YAML `hosts:` key, item-level targeting in YAML's own
 * terms, read into the same targeting tree as Groups.xml's <Filters>
 * (target.h), so that both evaluate alike:
 *
 *   hosts: [ "WS*", "srv01.corp.example", "!WS99" ]
 *
 * is FilterComputer NETBIOS WS*, OR FilterComputer DNS srv01.corp.example,
 * AND NOT FilterComputer NETBIOS WS99 (evaluated left to right). */
#include "yaml_read_int.h"

#include "target.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static void leaf(struct tf_node *t, struct yaml_rd *r, const struct ynode *v, const char *pat,
		 bool or_, bool not_)
{
	t->kind = TF_COMPUTER;
	t->element = xstrdup("hosts");
	t->pos = (struct src_pos){ r->file, v->line, v->col };
	t->name = xstrdup(pat);
	t->dns = strchr(pat, '.') != NULL;
	t->or_ = or_;
	t->not_ = not_;
}

void yaml_get_hosts(struct yaml_rd *r, const struct ynode *v, struct tf_node **out)
{
	struct tf_node *root;
	size_t errors = r->d->n_errors, n_any = 0;

	if (v->type != YN_SEQ || !v->n) {
		RD_ERR(r, v, "'hosts' must be a list of computer-name patterns, not %s",
		       v->type == YN_SEQ ? "an empty list" : yaml_node_kind(v));
		return;
	}
	root = xcalloc(1, sizeof(*root));
	root->kind = TF_COLLECTION;
	root->element = xstrdup("hosts");
	root->pos = (struct src_pos){ r->file, v->line, v->col };
	/* left to right, the plain patterns ORed first, then each exclusion
	 * ANDed: (A OR B) AND NOT X AND NOT Y */
	for (int excl = 0; excl <= 1; excl++) {
		for (size_t i = 0; i < v->n; i++) {
			const struct ynode *k = v->kids[i];

			if (k->poisoned)
				continue;
			if (k->type != YN_SCALAR || !k->len || strlen(k->str) != k->len) {
				if (!excl)
					RD_ERR(r, k, "each item of 'hosts' must be a computer-name "
					       "pattern, not %s", k->type == YN_SCALAR ?
					       "an empty or binary value" : yaml_node_kind(k));
				continue;
			}
			if ((k->str[0] == '!') != excl)
				continue;
			if (excl && !k->str[1]) {
				RD_ERR(r, k, "'!' must be followed by the pattern of the hosts to leave out");
				continue;
			}
			leaf(tf_add_kid(root), r, k, k->str + excl, !excl && n_any++, excl);
		}
	}
	if (r->d->n_errors != errors) {
		tf_free(root);
		return;
	}
	tf_free(*out);
	*out = root;
}
