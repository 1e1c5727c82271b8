//! Pages every user has: 登录, 首页 (roles, batch, messages), 填报说明, 修改密码.

pub mod home;
pub mod instructions;
pub mod login;
pub mod password;
