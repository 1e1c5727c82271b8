use super::*;
use crate::domain::StudentKind;

#[test]
fn every_section_has_fields_and_one_source() {
    for section in DossierSection::ALL {
        assert!(
            SYNCED_FIELDS.iter().any(|(_, s)| *s == section),
            "{section:?}"
        );
        assert_eq!(DossierSection::parse(section.as_str()), Some(section));
    }
    assert_eq!(synced_source("id_number"), Some(SourceSystem::Records));
    assert_eq!(synced_source("advisor_name"), Some(SourceSystem::Teachers));
    assert_eq!(synced_source("mobile_phone"), None);
}

fn values(pairs: &[(FilledField, &str)]) -> FilledValues {
    pairs.iter().map(|(f, v)| (*f, v.to_string())).collect()
}

fn ctx(kind: StudentKind) -> DossierContext {
    DossierContext {
        kind,
        part_time: false,
        synced_keywords: true,
        has_photo: true,
    }
}

#[test]
fn requirements_follow_the_kind() {
    use FilledField as F;
    let none = FilledValues::new();
    let academic_master = ctx(StudentKind::AcademicMaster).required(&none);
    assert!(academic_master.contains(&F::PriorDegreeUnit));
    assert!(!academic_master.contains(&F::Employer));
    assert!(!academic_master.contains(&F::ProfessionalCategory));
    assert!(!academic_master.contains(&F::ThesisKeywords));
    // A doctor without a master's degree needs none of the four; with one, all four.
    let doctor = ctx(StudentKind::AcademicDoctor);
    assert!(!doctor.required(&none).contains(&F::PriorDegreeYear));
    let partial = values(&[(F::PriorDegreeUnit, "中国科学院大学")]);
    assert!(doctor.required(&partial).contains(&F::PriorDegreeYear));
    assert!(ctx(StudentKind::EquivalentMaster)
        .required(&none)
        .contains(&F::Employer));
    let professional = ctx(StudentKind::ProfessionalMaster);
    assert!(professional
        .required(&none)
        .contains(&F::ProfessionalCategory));
    assert!(!professional.required(&none).contains(&F::Employer));
    let part_time = DossierContext {
        part_time: true,
        ..professional
    };
    assert!(part_time.required(&none).contains(&F::EmployerAddress));
    let no_keywords = DossierContext {
        synced_keywords: false,
        ..doctor
    };
    assert!(no_keywords.required(&none).contains(&F::ThesisKeywords));
}

#[test]
fn every_kind_needs_the_photo_and_it_is_checked() {
    for kind in StudentKind::ALL {
        let without = DossierContext {
            has_photo: false,
            ..ctx(kind)
        };
        let missing = without.missing(&FilledValues::new());
        assert!(missing.iter().any(|e| e.field == PHOTO_FIELD), "{kind:?}");
        let with = ctx(kind).missing(&FilledValues::new());
        assert!(!with.iter().any(|e| e.field == PHOTO_FIELD), "{kind:?}");
    }
    let code = |bytes, pixels| check_photo(bytes, pixels).err().map(|e| e.code);
    assert_eq!(check_photo(50 * 1024, Some((480, 640))), Ok((480, 640)));
    assert_eq!(code(50 * 1024, None).as_deref(), Some("not_jpeg"));
    assert_eq!(
        code(PHOTO_MAX_BYTES + 1, Some((480, 640))).as_deref(),
        Some("too_large")
    );
    assert_eq!(
        check_photo(PHOTO_MAX_BYTES, Some((480, 640))),
        Ok((480, 640))
    );
    assert_eq!(code(1000, Some((480, 640))).as_deref(), Some("too_small"));
    assert_eq!(
        code(50 * 1024, Some((100, 140))).as_deref(),
        Some("bad_dimensions")
    );
    assert_eq!(
        code(50 * 1024, Some((2000, 3000))).as_deref(),
        Some("bad_dimensions")
    );
    assert_eq!(
        code(50 * 1024, Some((640, 480))).as_deref(),
        Some("not_portrait")
    );
}

#[test]
fn values_are_checked_and_every_failure_reported() {
    use FilledField as F;
    let v = values(&[
        (F::MobilePhone, "1380013800"),
        (F::Email, "a@b"),
        (F::ThesisTitleEn, "量子"),
        (F::ThesisKeywords, "a，b"),
        (F::PriorDegreeYear, "2031"),
        (F::ThesisType, "随便"),
    ]);
    let errors = check_values(&v, 2026);
    assert_eq!(errors.len(), 6, "{errors:?}");
    let good = values(&[
        (F::MobilePhone, "13800138000"),
        (F::Email, "zhang.san@ucas.ac.cn"),
        (F::ThesisTitleEn, "On Quantum Walks"),
        (F::ThesisKeywords, "量子；行走，图"),
        (F::PriorDegreeYear, "2020"),
        (F::ThesisType, "基础研究"),
        (F::ProfessionalCategory, "0854"),
    ]);
    assert_eq!(check_values(&good, 2026), vec![]);
}

#[test]
fn filled_and_synced_field_names_never_collide() {
    for (name, _) in SYNCED_FIELDS {
        assert_ne!(field_label(name), "其他", "{name} has no label");
    }
    for f in FilledField::all() {
        assert_eq!(synced_source(f.as_str()), None, "{f:?}");
        // The stored and wire name is the same as `as_str`.
        assert_eq!(
            serde_json::to_value(f).ok(),
            Some(serde_json::json!(f.as_str()))
        );
    }
}

#[test]
fn sample_values_pass_the_checks() {
    for f in FilledField::all() {
        assert_eq!(check_value(f, f.sample_value(), 2026), None, "{f:?}");
    }
}

#[test]
fn missing_lists_each_empty_required_field() {
    let missing = ctx(StudentKind::AcademicMaster).missing(&FilledValues::new());
    let names: Vec<_> = missing.iter().map(|e| e.field.as_str()).collect();
    assert!(names.contains(&"mobile_phone") && names.contains(&"prior_degree_unit"));
    assert!(missing.iter().all(|e| e.code == "required"));
    assert_eq!(FilledField::parse("email"), Some(FilledField::Email));
    assert_eq!(synced_source("email"), None);
}
