//! Pages every user has: 登录 (and the portal's return), 备案, 首页 (roles,
//! batch, messages), 填报说明, 修改密码.

pub mod home;
pub mod instructions;
pub mod login;
pub mod password;
pub mod portal;
pub mod register;
