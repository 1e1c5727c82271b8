//! The dossier as an actor sees it, and the edits of its filled half and
//! its photo (by the student, or the unit admin on their behalf).

use super::{audit, next_state, situation, Situation};
use crate::db::applications::StoredApplication;
use crate::db::history::{Author, FieldEdit};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use shared::authz::{Actor, Role, Scope};
use shared::dossier::{self as rules, FilledField, FilledValues};
use shared::dto::application::{ChangeSource, Dossier};
use shared::dto::sync::SyncedDossier;
use shared::error::ErrorCode;
use shared::ids::ApplicationId;
use shared::workflow::{self, Action};

/// The dossier as the actor sees it, with what they may do now.
pub fn view(
    conn: &mut DbConn,
    actor: &Actor,
    app: &StoredApplication,
) -> Result<Dossier, ApiError> {
    let now = situation(conn, app)?;
    let synced =
        db::dossier::synced_dossier(conn, app.student_id)?.ok_or_else(ApiError::not_found)?;
    Ok(view_in(actor, app, now, synced))
}

/// The dossier of an application whose situation and synced record are known.
pub fn view_in(
    actor: &Actor,
    app: &StoredApplication,
    now: Situation,
    synced: SyncedDossier,
) -> Dossier {
    let allowed = workflow::application::actions_for(actor, app.scope(), app.state, now.facts);
    let editable =
        allowed.contains(&Action::EditAsStudent) || allowed.contains(&Action::EditAsUnit);
    Dossier {
        application: app.info(),
        synced,
        filled: app.filled.clone(),
        required: now.context.required(&app.filled),
        problems: now.problems,
        allowed_actions: allowed,
        editable,
        photo: now.photo,
    }
}

/// The dossier as a change just left it.
pub fn saved_view(
    conn: &mut DbConn,
    actor: &Actor,
    id: ApplicationId,
) -> Result<Dossier, ApiError> {
    let (saved, around, synced) =
        db::dossier::application_with_surroundings(conn, id)?.ok_or_else(ApiError::not_found)?;
    let now = super::situated(&saved, around);
    Ok(view_in(actor, &saved, now, synced.parse()?))
}

/// The role in which the actor edits a dossier of this scope: the student
/// as themself, anyone else only on their behalf; or 403.
pub fn edit_role(actor: &Actor, scope: Scope) -> Result<(Role, Action), ApiError> {
    [Action::EditAsStudent, Action::EditAsUnit]
        .into_iter()
        .find_map(|a| a.acting_role(actor, scope).map(|r| (r, a)))
        .ok_or_else(|| ApiError::new(ErrorCode::Forbidden))
}

/// Who the field history names for an edit in this role.
fn author(actor: &Actor, role: Role) -> Author<'_> {
    Author {
        source: match role {
            Role::Student => ChangeSource::Student,
            _ => ChangeSource::Unit,
        },
        system: None,
        actor: Some(actor),
        correction: None,
    }
}

/// Save filled values on the application as of `version`, edited in the
/// role [`edit_role`] found: each changed
/// field into the field history, the whole change into the audit log.
pub fn save_filled(
    conn: &mut DbConn,
    actor: &Actor,
    app: &StoredApplication,
    (role, action): (Role, Action),
    version: i32,
    changes: Vec<(FilledField, Option<String>)>,
) -> Result<Dossier, ApiError> {
    next_state(conn, app, version, (role, action))?;
    let mut values: FilledValues = app.filled.clone();
    let mut edits = Vec::new();
    for (field, value) in changes {
        let old = values.get(&field).cloned();
        if old == value {
            continue;
        }
        match &value {
            Some(v) => values.insert(field, v.clone()),
            None => values.remove(&field),
        };
        edits.push((
            app.student_id,
            Some(app.id),
            FieldEdit {
                field: field.as_str().to_owned(),
                old_value: old,
                new_value: value,
            },
        ));
    }
    if edits.is_empty() {
        return view(conn, actor, app);
    }
    if !db::applications::save_filled(conn, app.id, app.version, &values)? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    db::history::record(conn, author(actor, role), &edits)?;
    audit(
        conn,
        actor,
        app.id,
        "edit_dossier",
        serde_json::json!({ "version": app.version, "filled": app.filled }),
        serde_json::json!({ "version": app.version + 1, "filled": values }),
    )?;
    saved_view(conn, actor, app.id)
}

/// Store (or replace) the degree photo, checked by
/// `shared::dossier::check_photo`, on the application as of `version`.
pub fn save_photo(
    conn: &mut DbConn,
    actor: &Actor,
    app: &StoredApplication,
    (role, action): (Role, Action),
    version: i32,
    jpeg: &[u8],
) -> Result<Dossier, ApiError> {
    let pixels = rules::check_photo(jpeg.len(), db::photos::jpeg_pixels(jpeg))
        .map_err(|e| ApiError::validation(vec![e]))?;
    next_state(conn, app, version, (role, action))?;
    if !db::applications::touch(conn, app.id, app.version)? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    let old = db::photos::info(conn, app.id)?;
    let new = db::photos::put(conn, app.id, jpeg, pixels)?;
    db::history::record(
        conn,
        author(actor, role),
        &[(
            app.student_id,
            Some(app.id),
            FieldEdit {
                field: rules::PHOTO_FIELD.to_owned(),
                old_value: old.as_ref().map(db::photos::describe),
                new_value: Some(db::photos::describe(&new)),
            },
        )],
    )?;
    audit(
        conn,
        actor,
        app.id,
        "upload_photo",
        serde_json::json!({ "version": app.version, "photo": old }),
        serde_json::json!({ "version": app.version + 1, "photo": new }),
    )?;
    saved_view(conn, actor, app.id)
}
