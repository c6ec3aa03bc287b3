//! Organisations: membership and roles decide every access, invitations,
//! moves, token claims, and the upgrade of a database from before them.

mod invitations;
mod isolation;
mod members;
mod migration;
mod moves;
mod pages;

use app::model::{NewInvitation, OrgSummary};
use reqwest::{Client, StatusCode};

use crate::helpers::TestApp;

impl TestApp {
    pub async fn create_org(&self, client: &Client, name: &str, number: &str) -> OrgSummary {
        self.call_ok(
            client,
            "create_org",
            &[("form[name]", name), ("form[org_number]", number)],
        )
        .await
    }

    pub async fn invite(
        &self,
        owner: &Client,
        org_id: &str,
        email: &str,
        role: &str,
    ) -> NewInvitation {
        self.call_ok(
            owner,
            "invite_member",
            &[("org_id", org_id), ("email", email), ("role", role)],
        )
        .await
    }

    /// `email` signs up in a browser of their own and accepts an
    /// invitation to `org_id` with `role`.
    pub async fn member(&self, owner: &Client, org_id: &str, email: &str, role: &str) -> Client {
        let invitation = self.invite(owner, org_id, email, role).await;
        let person = self.new_person(email).await;
        let res = self
            .call(
                &person,
                "accept_invitation",
                &[("token", token_of(&invitation))],
            )
            .await;
        assert!(
            res.status() == StatusCode::OK || res.status().is_redirection(),
            "accepting: {}",
            res.status()
        );
        person
    }

    /// The account id of whoever is signed in on `client`.
    pub async fn account_id(&self, client: &Client) -> String {
        self.whoami(client).await["account_id"]
            .as_str()
            .expect("signed in")
            .to_owned()
    }
}

/// The token at the end of an invitation link.
pub(super) fn token_of(invitation: &NewInvitation) -> &str {
    invitation
        .link
        .rsplit_once("/invitations/")
        .expect("an invitation link")
        .1
}
