#pragma once
/* model_merge.h: several desired-state files as one model, in order.
 *
 * Each file is read into its own model (formats_load, which also checks it)
 * and merged into the result in the order given, as Group Policy applies
 * GPOs in link order: a later file wins, per account and per field.
 *
 * - Same account: users by name (case-insensitively), or, for an item that
 *   targets the built-in administrator or guest (RID 500/501), by that RID;
 *   groups by SID when both items give one, else by name. Group members by
 *   SID when both give one, else by name.
 * - Per field: a field the later item states replaces the earlier value; a
 *   field it leaves out keeps the earlier one. The action is always stated
 *   (update when the file says nothing); a later delete drops what earlier
 *   files state of the account (only the action's conflict is recorded:
 *   none of it would be applied). A user's groups and the policy's
 *   protected accounts are unions; override_protection is true when any
 *   file says so.
 * - Group members: a later item with an exact list (members:) or a
 *   remove-all flag replaces the earlier list and flags, as the later GPO
 *   would empty the group first; otherwise its members are added to the
 *   earlier ones, and a member both add and remove takes the later action.
 * - Policy: a later file's stated unmanaged policy wins.
 * - Every field that two files state with different values is a conflict,
 *   recorded with both positions; a password's values are never kept.
 *
 * An account keeps the name the first file gave it (names compare
 * case-insensitively; a built-in account or a group found by SID may be
 * called otherwise later). The merged item's position is that of the
 * latest item that states the account (the action comes from there);
 * each field remembers where it was last stated (m_user.origins) so a
 * third file's conflict names the right earlier position. */

#include "model.h"
#include "model_conflict.h"

/* Merges src into dst by the rules above and appends one entry to
 * conflicts per field both state differently (in src's item order). Pure:
 * src is not changed; dst copies what it takes (file names interned in
 * dst). Both models should have passed model_validate; run it again on
 * dst afterwards for what only the whole shows (a rename onto a name
 * another file uses). */
void model_merge(struct model *dst, const struct model *src, struct m_conflicts *conflicts);

/* One file's items that state the same account, merged in file order by
 * the rules above, as the Group Policy client applies a GPO's items one
 * after another: two items for one account (each for some hosts) that both
 * apply to the server become one, the later winning per field, each
 * difference a conflict. Items that still carry targeting stay apart. A
 * model without such items is left as it is. */
void model_fold(struct model *m, struct m_conflicts *conflicts);
