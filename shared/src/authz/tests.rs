use super::*;

fn actor(grants: Vec<RoleGrant>) -> Actor {
    Actor {
        user_id: UserId(1),
        username: "u".into(),
        display_name: "u".into(),
        grants,
    }
}

#[test]
fn unit_grant_covers_own_unit_and_its_students_only() {
    let a = actor(vec![RoleGrant {
        role: Role::UnitSysadmin,
        scope: GrantScope::Unit(UnitId(1)),
    }]);
    assert_eq!(
        check(&a, Permission::ManageUnitAccounts, Scope::Unit(UnitId(1))),
        Ok(())
    );
    assert_eq!(
        check(&a, Permission::ManageUnitAccounts, Scope::Unit(UnitId(2))),
        Err(Denied::OutOfScope(Permission::ManageUnitAccounts))
    );
    assert_eq!(
        check(&a, Permission::ManageBatches, Scope::Global),
        Err(Denied::MissingPermission(Permission::ManageBatches))
    );
}

#[test]
fn student_grant_covers_only_own_record() {
    let a = actor(vec![RoleGrant {
        role: Role::Student,
        scope: GrantScope::Student(StudentId(7)),
    }]);
    let own = Scope::Student {
        student: StudentId(7),
        unit: UnitId(1),
        group: None,
    };
    let other = Scope::Student {
        student: StudentId(8),
        unit: UnitId(1),
        group: None,
    };
    assert_eq!(check_role(&a, Role::Student, own), Ok(()));
    assert!(check_role(&a, Role::Student, other).is_err());
}

#[test]
fn group_grant_covers_students_of_the_group() {
    let g = RoleGrant {
        role: Role::Secretary,
        scope: GrantScope::Group(GroupId(3)),
    };
    let in_group = Scope::Student {
        student: StudentId(1),
        unit: UnitId(1),
        group: Some(GroupId(3)),
    };
    let no_group = Scope::Student {
        student: StudentId(1),
        unit: UnitId(1),
        group: None,
    };
    assert!(g.covers(&in_group));
    assert!(!g.covers(&no_group));
}

#[test]
fn every_role_has_a_grant_shape() {
    for role in Role::ALL {
        let scope = match role.scope_kind() {
            ScopeKind::Global => GrantScope::Global,
            ScopeKind::Unit => GrantScope::Unit(UnitId(1)),
            ScopeKind::Group => GrantScope::Group(GroupId(1)),
            ScopeKind::Student => GrantScope::Student(StudentId(1)),
        };
        assert!(RoleGrant { role, scope }.is_well_formed());
        assert!(
            !RoleGrant {
                role,
                scope: GrantScope::Unit(UnitId(0))
            }
            .is_well_formed()
                || role.scope_kind() == ScopeKind::Unit
        );
        assert_eq!(Role::parse(role.as_str()), Some(role));
    }
}

#[test]
fn navigation_follows_permissions() {
    let office = actor(vec![RoleGrant {
        role: Role::DegreeOffice,
        scope: GrantScope::Global,
    }]);
    let student = actor(vec![RoleGrant {
        role: Role::Student,
        scope: GrantScope::Student(StudentId(1)),
    }]);
    assert_eq!(
        navigation(&office),
        vec![
            Page::Home,
            Page::Applications,
            Page::Committee,
            Page::PrelimReview,
            Page::PrelimMeeting,
            Page::PrelimResults,
            Page::Submissions,
            Page::Verification,
            Page::Flags,
            Page::Corrections,
            Page::Groups,
            Page::Subcommittee,
            Page::SubReview,
            Page::SubMeeting,
            Page::SubResults,
            Page::FinalReview,
            Page::Hearings,
            Page::DegreeData,
            Page::DegreeNotice,
            Page::Batches,
            Page::CommitteeRules,
            Page::Sync,
            Page::Audit,
            Page::Instructions
        ]
    );
    let member = actor(vec![RoleGrant {
        role: Role::PrelimMember,
        scope: GrantScope::Unit(UnitId(1)),
    }]);
    assert_eq!(
        navigation(&member),
        vec![Page::Home, Page::PrelimReview, Page::Instructions]
    );
    assert_eq!(
        navigation(&student),
        vec![
            Page::Home,
            Page::MyRecord,
            Page::Confirm,
            Page::MyDecision,
            Page::Instructions
        ]
    );
}
