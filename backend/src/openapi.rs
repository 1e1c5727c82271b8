//! The OpenAPI document, collected from the registered routes
//! (utoipa-actix-web) and completed with what every operation shares.

use actix_web::App;
use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::schema::{Schema, SchemaType, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Document, Ref, RefOr, ResponseBuilder};
use utoipa::OpenApi;
use utoipa_actix_web::{scope, AppExt};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "学位管理系统 API",
        version = "1.0.0",
        description = "JSON REST API of the degree management system. Errors are `{code, message, fields?}` with stable snake_case codes; lists paginate with `page` and `per_page`. A method a path does not have answers `405 method_not_allowed` with an `Allow` header."
    ),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "auth", description = "Sign-in and the current user"),
        (name = "batches", description = "评审批次"),
        (name = "audit", description = "审计日志"),
        (name = "sync", description = "数据同步: 学籍, 教师, 教务, 培养"),
        (name = "students", description = "学生与学位信息"),
        (name = "units", description = "培养单位"),
        (name = "committees", description = "学位初审委员会, 网上学位初审, 学位初审信息与结果, 表决授予学位名单, 表决规则"),
        (name = "submissions", description = "数据上报, 退回培养单位修改, 上报情况"),
        (name = "verification", description = "学位信息核查, 核查意见, 封网后的纸质修改申请"),
        (name = "groups", description = "学科群管理: 专业与学科群的对应"),
        (name = "subcommittee", description = "学科群分会, 通知委员, 学科群分会评审, 分会评审信息与结果"),
        (name = "final_review", description = "学位终审: 汇总, 学位评定委员会会议, 终审决定, 不授予学位前的陈述申辩"),
        (name = "degree_data", description = "学位终审数据管理: 学位证书编号, 学位授予通知, 公告, 学位授予信息上报, 代码表"),
        (name = "public", description = "无需登录: 已发布的学位授予公告"),
        (name = "accounts", description = "用户权限管理: 备案与审核, 培养单位账号管理, 用户管理"),
        (name = "admin", description = "系统管理: 培养单位与学科群, 系统设置")
    ),
    // Schemas named only by query parameters (`IntoParams` does not collect
    // them); a test checks that every `$ref` of the document resolves.
    components(schemas(
        shared::error::ApiErrorBody,
        shared::error::ErrorCode,
        shared::error::FieldError,
        shared::dto::application::StudentSort,
        shared::dto::degree_data::ReportFileKind,
        shared::dto::account::RegistrationStatus,
        shared::dto::account::AccountKind,
        shared::authz::Role
    ))
)]
struct ApiDoc;

/// The document for the routes of [`crate::routes::configure`].
pub fn document() -> Document {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(scope("/api").configure(crate::routes::configure))
        .split_for_parts();
    finish(api)
}

/// Bearer security on every operation that does not opt out with
/// `security(())`, and the shared error responses, declared once here.
fn finish(mut api: Document) -> Document {
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .build(),
        ),
    );
    let error = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ApiErrorBody")))
                    .build(),
            )
            .build()
    };
    let shared_errors = [
        ("BadRequest", "400", "malformed_json, bad_request"),
        (
            "Unauthenticated",
            "401",
            "unauthenticated, token_expired, invalid_token",
        ),
        (
            "Forbidden",
            "403",
            "forbidden: the role or scope does not allow this",
        ),
        (
            "NotFound",
            "404",
            "not_found: no such resource, or not visible to the actor",
        ),
        ("PayloadTooLarge", "413", "payload_too_large"),
        (
            "Unprocessable",
            "422",
            "invalid_body, validation_failed (see `fields`)",
        ),
    ];
    for (name, _, description) in shared_errors {
        components
            .responses
            .insert(name.to_owned(), RefOr::T(error(description)));
    }
    api.security = Some(vec![SecurityRequirement::new(
        "bearer",
        Vec::<String>::new(),
    )]);
    for item in api.paths.paths.values_mut() {
        let ops = [
            item.get.as_mut(),
            item.post.as_mut(),
            item.put.as_mut(),
            item.patch.as_mut(),
            item.delete.as_mut(),
        ];
        for op in ops.into_iter().flatten() {
            // A query string has no null: an optional parameter is absent
            // or has a value (`Option<T>` fields would otherwise document
            // `null`, which a client cannot send).
            for param in op.parameters.iter_mut().flatten() {
                if param.parameter_in == ParameterIn::Query {
                    if let Some(schema) = param.schema.as_mut() {
                        drop_null(schema);
                    }
                }
            }
            let public = op
                .security
                .as_ref()
                .is_some_and(|s| s.iter().all(|r| *r == SecurityRequirement::default()));
            let has_body = op.request_body.is_some();
            let has_params = op.parameters.as_ref().is_some_and(|p| !p.is_empty());
            let has_path_params = op
                .parameters
                .as_ref()
                .is_some_and(|p| p.iter().any(|p| p.parameter_in == ParameterIn::Path));
            for (name, status, _) in shared_errors {
                let applies = match status {
                    "400" => has_body || has_params,
                    "401" | "403" => !public,
                    "404" => has_path_params,
                    "413" | "422" => has_body,
                    _ => false,
                };
                if applies {
                    op.responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
                }
            }
        }
    }
    api
}

/// The schema without its `null` alternative: `["integer", "null"]` becomes
/// `"integer"`, `oneOf: [null, X]` becomes `X`.
fn drop_null(schema: &mut RefOr<Schema>) {
    let RefOr::T(inner) = schema else { return };
    match inner {
        Schema::Object(object) => {
            if let SchemaType::Array(types) = &object.schema_type {
                let mut types: Vec<Type> = types
                    .iter()
                    .filter(|t| **t != Type::Null)
                    .cloned()
                    .collect();
                object.schema_type = if types.len() == 1 {
                    SchemaType::Type(types.remove(0))
                } else {
                    SchemaType::Array(types)
                };
            }
        }
        Schema::OneOf(one_of) => {
            one_of.items.retain(|item| {
                !matches!(item, RefOr::T(Schema::Object(o)) if o.schema_type == SchemaType::Type(Type::Null))
            });
            if one_of.items.len() == 1 {
                *schema = one_of.items.remove(0);
            }
        }
        _ => {}
    }
}

/// Pretty JSON as committed at `openapi/openapi.json`.
pub fn document_json() -> Result<String, serde_json::Error> {
    document().to_pretty_json().map(|mut s| {
        s.push('\n');
        s
    })
}

/// The upstream systems' contract as committed at `openapi/upstream.json`.
pub fn upstream_json() -> Result<String, serde_json::Error> {
    crate::simulator::UpstreamDoc::openapi()
        .to_pretty_json()
        .map(|mut s| {
            s.push('\n');
            s
        })
}
