//! Who may manage which account. The system administrator: every account
//! but their own. A unit's system administrator: the accounts of their unit,
//! those whose every role lies within it and is one they may give (and the
//! unit's students), never their own and never more than the unit's roles.

use super::{check, Actor, Denied, GrantScope, Permission, Role, RoleGrant, Scope};
use crate::ids::{UnitId, UserId};

/// The roles a unit's system administrator gives within the unit.
pub const UNIT_GRANTABLE: [Role; 2] = [Role::UnitAdmin, Role::PrelimMember];

/// The rights a registration (备案) may ask for: 教育管理干部.
pub const REGISTRABLE: [Role; 1] = [Role::UnitAdmin];

/// The unit an account belongs to, for its unit's system administrator:
/// the one unit every grant lies in (a student grant: `student_unit`), or
/// for an account without grants the unit it registered with; `None` when
/// the account reaches beyond one unit or holds a role the unit does not
/// give.
pub fn account_unit(
    grants: &[RoleGrant],
    student_unit: Option<UnitId>,
    registered: Option<UnitId>,
) -> Option<UnitId> {
    if grants.is_empty() {
        return registered;
    }
    let mut unit = None;
    for g in grants {
        let u = match (g.role, g.scope) {
            (r, GrantScope::Unit(u)) if UNIT_GRANTABLE.contains(&r) => u,
            (Role::Student, GrantScope::Student(_)) => student_unit?,
            _ => return None,
        };
        if unit.is_some_and(|x| x != u) {
            return None;
        }
        unit = Some(u);
    }
    unit
}

/// May `actor` disable, enable, reset the password of, or change the unit
/// roles of the account `target` (of `unit`, from [`account_unit`])?
pub fn check_manage_account(
    actor: &Actor,
    target: UserId,
    unit: Option<UnitId>,
) -> Result<(), Denied> {
    if actor.user_id == target {
        return Err(Denied::OwnAccount);
    }
    if check(actor, Permission::ManageUsers, Scope::Global).is_ok() {
        return Ok(());
    }
    match unit {
        Some(u) => check(actor, Permission::ManageUnitAccounts, Scope::Unit(u)),
        None if actor.can_somewhere(Permission::ManageUnitAccounts) => {
            Err(Denied::OutOfScope(Permission::ManageUnitAccounts))
        }
        None => Err(Denied::MissingPermission(Permission::ManageUnitAccounts)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::StudentId;

    fn actor(id: i64, grants: &[RoleGrant]) -> Actor {
        Actor {
            user_id: UserId(id),
            username: format!("u{id}"),
            display_name: String::new(),
            grants: grants.to_vec(),
        }
    }

    fn g(role: Role, scope: GrantScope) -> RoleGrant {
        RoleGrant { role, scope }
    }

    #[test]
    fn a_unit_sysadmin_manages_only_their_units_own_roles() {
        let (u1, u2) = (UnitId(1), UnitId(2));
        let sys1 = actor(1, &[g(Role::UnitSysadmin, GrantScope::Unit(u1))]);
        let admin = [g(Role::UnitAdmin, GrantScope::Unit(u1))];
        let both = [
            g(Role::UnitAdmin, GrantScope::Unit(u1)),
            g(Role::PrelimMember, GrantScope::Unit(u1)),
        ];
        let across = [
            g(Role::UnitAdmin, GrantScope::Unit(u1)),
            g(Role::UnitAdmin, GrantScope::Unit(u2)),
        ];
        let peer = [g(Role::UnitSysadmin, GrantScope::Unit(u1))];
        let office = [g(Role::DegreeOffice, GrantScope::Global)];
        let student = [g(Role::Student, GrantScope::Student(StudentId(9)))];
        assert_eq!(account_unit(&admin, None, None), Some(u1));
        assert_eq!(account_unit(&both, None, None), Some(u1));
        assert_eq!(account_unit(&across, None, None), None);
        assert_eq!(account_unit(&peer, None, None), None);
        assert_eq!(account_unit(&office, None, None), None);
        assert_eq!(account_unit(&student, Some(u2), None), Some(u2));
        assert_eq!(account_unit(&[], None, Some(u2)), Some(u2));
        assert!(check_manage_account(&sys1, UserId(5), Some(u1)).is_ok());
        assert!(check_manage_account(&sys1, UserId(5), Some(u2)).is_err());
        assert!(check_manage_account(&sys1, UserId(5), None).is_err());
        assert_eq!(
            check_manage_account(&sys1, UserId(1), Some(u1)),
            Err(Denied::OwnAccount)
        );
        let root = actor(7, &[g(Role::Sysadmin, GrantScope::Global)]);
        assert!(check_manage_account(&root, UserId(5), None).is_ok());
        assert!(check_manage_account(&root, UserId(7), None).is_err());
        let unit_admin = actor(8, &admin);
        assert!(check_manage_account(&unit_admin, UserId(5), Some(u1)).is_err());
    }
}
