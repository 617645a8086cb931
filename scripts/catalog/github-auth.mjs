// GitHub's auth schemes for the built-in catalog: its description declares none we can drive.
/** GitHub's OAuth app scopes (docs.github.com, "Scopes for OAuth apps"), summarized. */
const GITHUB_SCOPES = {
  repo: 'Full access to public and private repositories, including code, issues, pull requests and settings.',
  'repo:status': 'Read and write commit statuses on public and private repositories.',
  repo_deployment: 'Read and write deployments and deployment statuses.',
  public_repo: 'Full access to public repositories only.',
  'repo:invite': 'Accept or decline invitations to collaborate on repositories.',
  security_events: 'Read and write code scanning and other security events.',
  'admin:repo_hook': 'Full control of repository webhooks, including deleting them.',
  'write:repo_hook': 'Read, create and update repository webhooks.',
  'read:repo_hook': 'Read repository webhooks.',
  'admin:org': 'Full control of organizations, their teams, projects and memberships.',
  'write:org': 'Read and write organization membership and organization projects.',
  'read:org': 'Read organization membership, teams and projects.',
  'admin:public_key': 'Full control of the user’s public SSH keys.',
  'write:public_key': 'Create, list and view the user’s public SSH keys.',
  'read:public_key': 'List and view the user’s public SSH keys.',
  'admin:org_hook': 'Full control of organization webhooks.',
  gist: 'Create and update gists.',
  notifications: 'Read notifications and mark them as read; watch and unwatch repositories.',
  user: 'Read and write the user’s profile data.',
  'read:user': 'Read the user’s profile data.',
  'user:email': 'Read the user’s email addresses.',
  'user:follow': 'Follow and unfollow other users.',
  project: 'Read and write user and organization projects.',
  'read:project': 'Read user and organization projects.',
  delete_repo: 'Delete repositories the user administers.',
  'write:packages': 'Upload and publish packages to GitHub Packages.',
  'read:packages': 'Download and install packages from GitHub Packages.',
  'delete:packages': 'Delete packages from GitHub Packages.',
  'admin:gpg_key': 'Full control of the user’s GPG keys.',
  'write:gpg_key': 'Create, list and view the user’s GPG keys.',
  'read:gpg_key': 'List and view the user’s GPG keys.',
  codespace: 'Create and manage codespaces.',
  workflow: 'Add and update GitHub Actions workflow files.',
};

export const GITHUB_AUTH_SCHEMES = [
  {
    mode: 'OAUTH2',
    authorization_url: 'https://github.com/login/oauth/authorize',
    token_url: 'https://github.com/login/oauth/access_token',
    scopes: GITHUB_SCOPES,
    default_scopes: ['repo', 'user'],
    grants: ['authorization_code'],
    pkce: true,
    scope_separator: ' ',
  },
  {
    mode: 'BEARER_TOKEN',
    fields: [
      {
        name: 'token',
        display_name: 'Personal access token',
        description: 'A classic or fine-grained GitHub personal access token with the permissions the tools need.',
        secret: true,
        required: true,
      },
    ],
  },
];

