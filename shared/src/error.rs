//! Stable error codes and the JSON error body. The UI branches on `code`,
//! never on the message text.

use serde::{Deserialize, Serialize};

/// Every error the API can answer with. The snake_case names are a public
/// contract: never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not valid JSON.
    MalformedJson,
    /// A query string or path parameter could not be read.
    BadRequest,
    /// The body is JSON but a field has the wrong type or is missing.
    InvalidBody,
    /// One or more fields failed validation; see `fields`.
    ValidationFailed,
    /// No or malformed `Authorization` header.
    Unauthenticated,
    /// The access token has expired: log in again.
    TokenExpired,
    /// The access token is not valid.
    InvalidToken,
    /// Wrong user name or password.
    InvalidCredentials,
    /// Too many failed logins for this account; wait and retry.
    TooManyAttempts,
    /// The account is disabled.
    AccountDisabled,
    /// The actor's role or scope does not allow this.
    Forbidden,
    /// The resource does not exist (or is not visible to the actor).
    NotFound,
    /// The HTTP method is not supported on this path.
    MethodNotAllowed,
    /// The request body is too large.
    PayloadTooLarge,
    /// Another batch is still active (not completed).
    BatchAlreadyActive,
    /// No batch is active.
    NoActiveBatch,
    /// The requested state change is not allowed now.
    InvalidTransition,
    /// The resource was changed by someone else since it was read.
    StaleVersion,
    /// A unique value is already taken.
    Conflict,
    /// After the seal (封网) no data is synced any more.
    SyncSealed,
    /// No upstream system address is configured.
    UpstreamNotConfigured,
    /// A synced field (owned by a campus system) cannot be written here; see `fields`.
    SyncedFieldReadOnly,
    /// 信息确认 needs every required field filled and valid; see `fields`.
    DossierIncomplete,
    /// The student's filing (申请学位) is not opened in the current batch.
    FilingNotOpened,
    /// A one-time initial password must be changed before anything else.
    PasswordChangeRequired,
    /// 数据上报 refused: `fields` lists each applicant in the way.
    SubmissionBlocked,
    /// The voting list needs a result for every applicant.
    ResultsIncomplete,
    /// Results need the meeting record (学位初审信息) first.
    MeetingNotRecorded,
    /// Counts that do not fit the meeting or the decision (`fields` says which).
    VotesInconsistent,
    /// A committee has one 主席.
    ChairAlreadySet,
    /// The caller is not (or no longer) a member of the committee.
    NotCommitteeMember,
    /// 封网 refused: `fields` lists each unit not yet submitted.
    SealBlocked,
    /// A correction's "current value" no longer matches the record: left
    /// for a person to look at.
    CorrectionStale,
    /// A phase change after 封网 refused: `fields` lists what is missing
    /// (applicants in no group, groups without results, final decisions).
    PhaseBlocked,
    /// The national report has records that fail validation: `fields`
    /// names them (`<学号>.<field code>`); ask for a partial export to leave
    /// them out.
    ReportInvalid,
    /// 学位证书编号 cannot be issued: the configured pattern or a code is
    /// wrong, or the sequence is used up. Nothing is issued.
    NumberingFailed,
    /// 备案 awaits the unit's approval: no sign-in before it.
    RegistrationPending,
    /// 备案 was not approved; the message gives the reason.
    RegistrationRejected,
    /// 统一身份认证: the portal's ticket is unknown, used, expired or for
    /// another service.
    InvalidTicket,
    /// 统一身份认证: the portal's user has no account here (it is never
    /// created silently).
    PortalAccountMissing,
    /// 统一身份认证 is not configured on this server.
    PortalNotConfigured,
    /// Something failed on the server; the cause is logged, not sent.
    Internal,
    /// A dependency (the database) is not reachable.
    Unavailable,
}

impl ErrorCode {
    /// The HTTP status this code is always answered with.
    pub fn http_status(self) -> u16 {
        use ErrorCode::*;
        match self {
            MalformedJson | BadRequest => 400,
            Unauthenticated | TokenExpired | InvalidToken | InvalidCredentials | InvalidTicket => {
                401
            }
            Forbidden
            | AccountDisabled
            | PasswordChangeRequired
            | NotCommitteeMember
            | RegistrationPending
            | RegistrationRejected
            | PortalAccountMissing => 403,
            NotFound | FilingNotOpened => 404,
            MethodNotAllowed => 405,
            BatchAlreadyActive | NoActiveBatch | InvalidTransition | StaleVersion | Conflict
            | SyncSealed | SubmissionBlocked | ResultsIncomplete | MeetingNotRecorded
            | ChairAlreadySet | SealBlocked | CorrectionStale | PhaseBlocked | ReportInvalid
            | NumberingFailed => 409,
            PayloadTooLarge => 413,
            InvalidBody | ValidationFailed | SyncedFieldReadOnly | DossierIncomplete
            | VotesInconsistent => 422,
            TooManyAttempts => 429,
            Internal => 500,
            Unavailable | UpstreamNotConfigured | PortalNotConfigured => 503,
        }
    }

    /// The default human message (Chinese, for the UI).
    pub fn default_message(self) -> &'static str {
        use ErrorCode::*;
        match self {
            MalformedJson => "请求内容不是合法的 JSON",
            BadRequest => "请求参数有误",
            InvalidBody => "请求内容的字段类型或结构有误",
            ValidationFailed => "填写的内容未通过校验",
            Unauthenticated => "请先登录",
            TokenExpired => "登录已过期，请重新登录",
            InvalidToken => "登录凭据无效，请重新登录",
            InvalidCredentials => "用户名或密码错误",
            TooManyAttempts => "登录失败次数过多，请稍后再试",
            AccountDisabled => "账号已停用",
            Forbidden => "没有执行此操作的权限",
            NotFound => "请求的资源不存在",
            MethodNotAllowed => "不支持的请求方法",
            PayloadTooLarge => "请求内容过大",
            BatchAlreadyActive => "当前评审批次尚未完成，不能开通新的批次",
            NoActiveBatch => "当前没有进行中的评审批次",
            InvalidTransition => "当前状态下不能执行此操作",
            StaleVersion => "数据已被他人修改，请刷新后重试",
            Conflict => "数据与已有记录冲突",
            SyncSealed => "系统已封网，不再从相关系统同步数据",
            UpstreamNotConfigured => "未配置学籍、教师、教务、培养系统的地址，无法同步",
            SyncedFieldReadOnly => "同步的数据不可在学位系统中修改，请到相关系统中维护后再同步",
            DossierIncomplete => "必填信息尚未填写完整，不能确认",
            FilingNotOpened => "培养单位尚未为你开通本批次的学位申请",
            PasswordChangeRequired => "请先修改初始密码",
            SubmissionBlocked => "以下学生尚不符合上报条件，不能上报",
            ResultsIncomplete => "尚有学生未填写学位初审结果",
            MeetingNotRecorded => {
                "请先填写会议记录（学位初审信息、分会评审信息或学位评定委员会会议）"
            }
            VotesInconsistent => "票数与会议记录或决议不一致",
            ChairAlreadySet => "委员会已有主席，每个委员会只能有一位主席",
            NotCommitteeMember => "你不是该委员会的委员，或已被取消信息门户权限",
            SealBlocked => "以下培养单位尚未完成数据上报，不能封网",
            CorrectionStale => "修改申请中的“当前值”与系统记录不一致，需人工核对",
            PhaseBlocked => "评审批次尚不能推进到下一阶段",
            ReportInvalid => "学位授予信息有记录未通过校验，不能生成上报文件",
            NumberingFailed => "无法按配置的规则发放学位证书编号，未发放任何编号",
            RegistrationPending => "备案信息正在等待本单位系统管理员审核，审核通过后方可登录",
            RegistrationRejected => "备案未获批准",
            InvalidTicket => "统一身份认证票据无效或已过期，请重新登录",
            PortalAccountMissing => {
                "统一身份认证的账号在学位管理系统中没有对应用户，请联系本单位系统管理员"
            }
            PortalNotConfigured => "未配置统一身份认证",
            Internal => "服务器内部错误",
            Unavailable => "服务暂不可用",
        }
    }
}

/// One failing field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name in the request body.
    pub field: String,
    /// A stable snake_case reason, e.g. `required`, `too_long`.
    pub code: String,
    /// Human message (Chinese).
    pub message: String,
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl ApiErrorBody {
    pub fn new(code: ErrorCode) -> Self {
        Self {
            code,
            message: code.default_message().to_owned(),
            fields: Vec::new(),
        }
    }
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}
