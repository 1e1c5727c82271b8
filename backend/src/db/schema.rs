// Diesel table definitions, kept equal to migrations/{sqlite,postgres}.

diesel::table! {
    units (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        head_name -> Text,
        created_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    discipline_groups (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        created_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    unit_groups (unit_id, group_id) {
        unit_id -> BigInt,
        group_id -> BigInt,
    }
}

diesel::table! {
    major_groups (major_code) {
        major_code -> Text,
        group_id -> BigInt,
    }
}

diesel::table! {
    students (id) {
        id -> BigInt,
        student_no -> Text,
        name -> Text,
        name_pinyin -> Text,
        kind -> Text,
        unit_id -> BigInt,
        gender -> Nullable<Text>,
        birth_date -> Nullable<Date>,
        id_type -> Nullable<Text>,
        id_number -> Nullable<Text>,
        ethnicity -> Nullable<Text>,
        political_status -> Nullable<Text>,
        nationality -> Nullable<Text>,
        discipline_category -> Nullable<Text>,
        first_level_discipline -> Nullable<Text>,
        major_code -> Nullable<Text>,
        major_name -> Nullable<Text>,
        study_mode -> Nullable<Text>,
        entry_month -> Nullable<Text>,
        synced_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        advisor_name -> Nullable<Text>,
        advisor_title -> Nullable<Text>,
        total_credits -> Nullable<Double>,
        thesis_title -> Nullable<Text>,
        thesis_keywords -> Nullable<Text>,
        defense_date -> Nullable<Date>,
        defense_result -> Nullable<Text>,
        defense_committee -> Nullable<Text>,
    }
}

diesel::table! {
    student_sync (student_id) {
        student_id -> BigInt,
        teachers_at -> Nullable<Timestamp>,
        courses_at -> Nullable<Timestamp>,
        training_at -> Nullable<Timestamp>,
        courses -> Nullable<Text>,
        outputs -> Nullable<Text>,
    }
}

diesel::table! {
    sync_runs (id) {
        id -> BigInt,
        kind -> Text,
        trigger -> Text,
        systems -> Text,
        started_by -> Nullable<BigInt>,
        started_by_name -> Text,
        unit_id -> Nullable<BigInt>,
        student_id -> Nullable<BigInt>,
        status -> Text,
        total -> Integer,
        done -> Integer,
        succeeded -> Integer,
        failed -> Integer,
        failures -> Text,
        started_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sync_schedule_claims (slot) {
        slot -> Text,
        claimed_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        display_name -> Text,
        password_hash -> Nullable<Text>,
        active -> Bool,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        student_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        must_change_password -> Bool,
        token_version -> Integer,
        staff_no -> Nullable<Text>,
    }
}

diesel::table! {
    registrations (id) {
        id -> BigInt,
        user_id -> BigInt,
        unit_id -> BigInt,
        name -> Text,
        staff_no -> Text,
        phone -> Text,
        email -> Text,
        role -> Text,
        status -> Text,
        reason -> Nullable<Text>,
        address -> Text,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        decided_by_name -> Nullable<Text>,
    }
}

diesel::table! {
    user_roles (id) {
        id -> BigInt,
        user_id -> BigInt,
        role -> Text,
        unit_id -> Nullable<BigInt>,
        group_id -> Nullable<BigInt>,
        student_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    batches (id) {
        id -> BigInt,
        name -> Text,
        season -> Text,
        year -> Integer,
        congress_date -> Date,
        phase -> Text,
        active_slot -> Nullable<Integer>,
        version -> Integer,
        opened_at -> Timestamp,
        updated_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
        notices_sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    application_photos (application_id) {
        application_id -> BigInt,
        jpeg -> Binary,
        bytes -> Integer,
        width -> Integer,
        height -> Integer,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    applications (id) {
        id -> BigInt,
        batch_id -> BigInt,
        student_id -> BigInt,
        unit_id -> BigInt,
        stage -> Text,
        prelim_decision -> Nullable<Text>,
        subcommittee_decision -> Nullable<Text>,
        final_decision -> Nullable<Text>,
        certificate_no -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        filled -> Text,
        confirmed_at -> Nullable<Timestamp>,
        reviewed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    dossier_history (id) {
        id -> BigInt,
        student_id -> BigInt,
        application_id -> Nullable<BigInt>,
        field -> Text,
        source -> Text,
        system -> Nullable<Text>,
        actor_id -> Nullable<BigInt>,
        actor_name -> Text,
        old_value -> Nullable<Text>,
        new_value -> Nullable<Text>,
        at -> Timestamp,
        correction_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    messages (id) {
        id -> BigInt,
        user_id -> BigInt,
        text -> Text,
        application_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    instructions (id) {
        id -> Integer,
        markdown -> Text,
        version -> Integer,
        updated_by_name -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    unit_submissions (batch_id, unit_id) {
        batch_id -> BigInt,
        unit_id -> BigInt,
        submitted -> Bool,
        submitted_at -> Nullable<Timestamp>,
        reopened_at -> Nullable<Timestamp>,
        reopen_reason -> Nullable<Text>,
        version -> Integer,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        actor_name -> Text,
        entity -> Text,
        entity_id -> Nullable<BigInt>,
        action -> Text,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
    }
}

diesel::table! {
    committees (id) {
        id -> BigInt,
        kind -> Text,
        unit_id -> Nullable<BigInt>,
        group_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    committee_members (id) {
        id -> BigInt,
        committee_id -> BigInt,
        name -> Text,
        title -> Text,
        affiliation -> Text,
        position -> Text,
        staff_no -> Nullable<Text>,
        contact -> Nullable<Text>,
        user_id -> Nullable<BigInt>,
        removed_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    committee_opinions (application_id, member_id) {
        application_id -> BigInt,
        member_id -> BigInt,
        opinion -> Text,
        comment -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    committee_meetings (committee_id, batch_id) {
        committee_id -> BigInt,
        batch_id -> BigInt,
        held_on -> Date,
        place -> Text,
        members_total -> Integer,
        members_present -> Integer,
        minutes -> Text,
        version -> Integer,
        updated_by_name -> Text,
        updated_at -> Timestamp,
        resolution_no -> Nullable<Text>,
    }
}

diesel::table! {
    committee_results (application_id, committee_id) {
        application_id -> BigInt,
        committee_id -> BigInt,
        yes -> Integer,
        no -> Integer,
        abstain -> Integer,
        decision -> Text,
        resolution -> Nullable<Text>,
        reason -> Nullable<Text>,
        recorded_by_name -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    committee_rules (kind) {
        kind -> Text,
        quorum_num -> Integer,
        quorum_den -> Integer,
        pass_num -> Integer,
        pass_den -> Integer,
        pass_base -> Text,
        version -> Integer,
        updated_by_name -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    submission_events (id) {
        id -> BigInt,
        batch_id -> BigInt,
        unit_id -> BigInt,
        kind -> Text,
        actor_id -> Nullable<BigInt>,
        actor_name -> Text,
        reason -> Nullable<Text>,
        applications -> Nullable<BigInt>,
        at -> Timestamp,
    }
}

diesel::table! {
    verification_flags (id) {
        id -> BigInt,
        application_id -> BigInt,
        batch_id -> BigInt,
        unit_id -> BigInt,
        field -> Text,
        message -> Text,
        value_then -> Nullable<Text>,
        raised_by_id -> Nullable<BigInt>,
        raised_by_name -> Text,
        raised_at -> Timestamp,
        status -> Text,
        note -> Nullable<Text>,
        closed_by_name -> Nullable<Text>,
        closed_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    correction_requests (id) {
        id -> BigInt,
        application_id -> BigInt,
        batch_id -> BigInt,
        unit_id -> BigInt,
        field -> Text,
        current_value -> Nullable<Text>,
        requested_value -> Nullable<Text>,
        explanation -> Text,
        status -> Text,
        recorded_by_id -> Nullable<BigInt>,
        recorded_by_name -> Text,
        recorded_at -> Timestamp,
        decided_by_name -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        decision_note -> Nullable<Text>,
        applied_by_name -> Nullable<Text>,
        applied_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    correction_attachments (request_id) {
        request_id -> BigInt,
        content_type -> Text,
        data -> Binary,
        bytes -> BigInt,
        sha256 -> Text,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    certificate_numbers (number) {
        number -> Text,
        application_id -> BigInt,
        batch_id -> BigInt,
        student_no -> Text,
        level -> Text,
        year -> Integer,
        issued_on -> Date,
        issued_by_name -> Text,
        issued_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_by_name -> Nullable<Text>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    national_reports (id) {
        id -> BigInt,
        batch_id -> BigInt,
        partial -> Bool,
        records -> Integer,
        rejected_json -> Text,
        xlsx -> Binary,
        xlsx_sha256 -> Text,
        csv -> Binary,
        csv_sha256 -> Text,
        photos_bytes -> BigInt,
        photos_sha256 -> Text,
        produced_by_name -> Text,
        produced_at -> Timestamp,
    }
}

diesel::table! {
    announcements (batch_id) {
        batch_id -> BigInt,
        title -> Text,
        rows_json -> Text,
        count -> Integer,
        published -> Bool,
        published_at -> Timestamp,
        published_by_name -> Text,
        unpublished_at -> Nullable<Timestamp>,
        unpublished_by_name -> Nullable<Text>,
        version -> Integer,
    }
}

diesel::joinable!(certificate_numbers -> applications (application_id));
diesel::joinable!(students -> units (unit_id));
diesel::joinable!(verification_flags -> applications (application_id));
diesel::joinable!(verification_flags -> units (unit_id));
diesel::joinable!(correction_requests -> applications (application_id));
diesel::joinable!(correction_requests -> units (unit_id));
diesel::joinable!(correction_attachments -> correction_requests (request_id));
diesel::joinable!(student_sync -> students (student_id));
diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(registrations -> users (user_id));
diesel::joinable!(registrations -> units (unit_id));
diesel::joinable!(applications -> batches (batch_id));
diesel::joinable!(application_photos -> applications (application_id));
diesel::joinable!(applications -> students (student_id));
diesel::joinable!(dossier_history -> students (student_id));
diesel::joinable!(unit_groups -> units (unit_id));
diesel::joinable!(unit_groups -> discipline_groups (group_id));
diesel::joinable!(major_groups -> discipline_groups (group_id));
diesel::table! {
    committee_notices (id) {
        id -> BigInt,
        committee_id -> BigInt,
        batch_id -> BigInt,
        deadline -> Date,
        note -> Text,
        recipients -> Integer,
        sent_by_name -> Text,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    final_decisions (application_id) {
        application_id -> BigInt,
        batch_id -> BigInt,
        decision -> Text,
        basis -> Text,
        reason -> Nullable<Text>,
        yes -> Nullable<Integer>,
        no -> Nullable<Integer>,
        abstain -> Nullable<Integer>,
        recorded_by_name -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    hearings (id) {
        id -> BigInt,
        application_id -> BigInt,
        batch_id -> BigInt,
        status -> Text,
        facts_and_reasons -> Text,
        deadline -> Timestamp,
        statement -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        record -> Nullable<Text>,
        proposed_by_name -> Text,
        proposed_at -> Timestamp,
        recorded_by_name -> Nullable<Text>,
        recorded_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::joinable!(final_decisions -> applications (application_id));
diesel::joinable!(hearings -> applications (application_id));
diesel::joinable!(committee_members -> committees (committee_id));
diesel::joinable!(committee_opinions -> committee_members (member_id));
diesel::joinable!(committee_opinions -> applications (application_id));
diesel::joinable!(committee_results -> applications (application_id));

diesel::allow_tables_to_appear_in_same_query!(
    committee_notices,
    final_decisions,
    hearings,
    verification_flags,
    correction_requests,
    correction_attachments,
    committees,
    committee_members,
    committee_opinions,
    committee_meetings,
    committee_results,
    committee_rules,
    submission_events,
    application_photos,
    units,
    discipline_groups,
    unit_groups,
    major_groups,
    students,
    users,
    user_roles,
    registrations,
    batches,
    applications,
    unit_submissions,
    audit_log,
    student_sync,
    sync_runs,
    sync_schedule_claims,
    dossier_history,
    messages,
    instructions,
    certificate_numbers,
    national_reports,
    announcements,
);

// The final review counts applications per unit, major and decisions.
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    applications::unit_id,
    applications::stage,
    applications::prelim_decision,
    applications::subcommittee_decision,
    applications::final_decision,
    students::major_code,
);
