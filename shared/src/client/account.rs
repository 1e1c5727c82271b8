//! The client calls of 用户权限管理: 备案 and its approval, the accounts,
//! the units and groups, the settings, and the portal sign-in.

use super::{Client, Result};
use crate::dto::account::*;
use crate::dto::auth::LoginResponse;
use crate::dto::Page;
use crate::ids::{GroupId, UnitId, UserId};

impl Client {
    /// `GET /api/v1/auth/methods` (no login)
    pub async fn login_methods(&self) -> Result<LoginMethods> {
        Self::send(self.get("/api/v1/auth/methods")).await
    }

    /// `POST /api/v1/auth/portal` (统一身份认证: the portal's ticket)
    pub async fn portal_login(&self, p: &PortalLogin) -> Result<LoginResponse> {
        Self::send(self.post("/api/v1/auth/portal").json(p)).await
    }

    /// `GET /api/v1/public/units` (no login)
    pub async fn public_units(&self) -> Result<Vec<PublicUnit>> {
        Self::send(self.get("/api/v1/public/units")).await
    }

    /// `POST /api/v1/registrations` (备案, no login)
    pub async fn register(&self, r: &NewRegistration) -> Result<RegistrationReceipt> {
        Self::send(self.post("/api/v1/registrations").json(r)).await
    }

    /// `GET /api/v1/units/{id}/registrations`
    pub async fn registrations(
        &self,
        unit: UnitId,
        q: &RegistrationQuery,
    ) -> Result<Vec<Registration>> {
        Self::send(
            self.get(&format!("/api/v1/units/{unit}/registrations"))
                .query(q),
        )
        .await
    }

    /// `POST /api/v1/registrations/{id}/decision`
    pub async fn decide_registration(
        &self,
        id: i64,
        d: &RegistrationDecision,
    ) -> Result<Registration> {
        Self::send(
            self.post(&format!("/api/v1/registrations/{id}/decision"))
                .json(d),
        )
        .await
    }

    /// `GET /api/v1/units/{id}/accounts`
    pub async fn unit_accounts(&self, unit: UnitId, q: &AccountQuery) -> Result<Page<Account>> {
        Self::send(self.get(&format!("/api/v1/units/{unit}/accounts")).query(q)).await
    }

    /// `PUT /api/v1/units/{id}/accounts/{user}/roles`
    pub async fn set_unit_roles(
        &self,
        unit: UnitId,
        user: UserId,
        r: &UnitRoles,
    ) -> Result<Account> {
        Self::send(
            self.put(&format!("/api/v1/units/{unit}/accounts/{user}/roles"))
                .json(r),
        )
        .await
    }

    /// `GET /api/v1/users`
    pub async fn users(&self, q: &AccountQuery) -> Result<Page<Account>> {
        Self::send(self.get("/api/v1/users").query(q)).await
    }

    /// `POST /api/v1/users/{id}/active` (停用 / 启用)
    pub async fn set_active(&self, user: UserId, a: &ActiveInput) -> Result<Account> {
        Self::send(self.post(&format!("/api/v1/users/{user}/active")).json(a)).await
    }

    /// `POST /api/v1/users/{id}/password-reset` (重置密码)
    pub async fn reset_password(&self, user: UserId) -> Result<OneTimePassword> {
        Self::send(self.post(&format!("/api/v1/users/{user}/password-reset"))).await
    }

    /// `PUT /api/v1/users/{id}/grants`
    pub async fn set_grants(&self, user: UserId, g: &Grants) -> Result<Account> {
        Self::send(self.put(&format!("/api/v1/users/{user}/grants")).json(g)).await
    }

    /// `GET /api/v1/admin/units`
    pub async fn admin_units(&self) -> Result<Vec<UnitDetail>> {
        Self::send(self.get("/api/v1/admin/units")).await
    }

    /// `POST /api/v1/admin/units`
    pub async fn create_unit(&self, u: &UnitInput) -> Result<UnitDetail> {
        Self::send(self.post("/api/v1/admin/units").json(u)).await
    }

    /// `PUT /api/v1/admin/units/{id}`
    pub async fn update_unit(&self, id: UnitId, u: &UnitInput) -> Result<UnitDetail> {
        Self::send(self.put(&format!("/api/v1/admin/units/{id}")).json(u)).await
    }

    /// `GET /api/v1/admin/groups`
    pub async fn admin_groups(&self) -> Result<Vec<GroupDetail>> {
        Self::send(self.get("/api/v1/admin/groups")).await
    }

    /// `POST /api/v1/admin/groups`
    pub async fn create_group(&self, g: &GroupInput) -> Result<GroupDetail> {
        Self::send(self.post("/api/v1/admin/groups").json(g)).await
    }

    /// `PUT /api/v1/admin/groups/{id}`
    pub async fn update_group(&self, id: GroupId, g: &GroupInput) -> Result<GroupDetail> {
        Self::send(self.put(&format!("/api/v1/admin/groups/{id}")).json(g)).await
    }

    /// `GET /api/v1/admin/settings`
    pub async fn settings(&self) -> Result<SystemSettings> {
        Self::send(self.get("/api/v1/admin/settings")).await
    }
}
