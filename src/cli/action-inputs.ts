// Generated from action.yml by `npm run cli:inputs`: do not edit by hand. A test fails
// when this is not what action.yml renders, so the command and the action cannot drift.

export interface ActionInputDefinition {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  /** As action.yml writes it ('' when it gives none). */
  readonly default: string;
}

export const ACTION_INPUTS: readonly ActionInputDefinition[] = [
  {
    name: 'api-key',
    description:
      'Siteleaf API key (the Basic auth user). Store it as a secret. Masked before anything else runs.',
    required: true,
    default: ''
  },
  {
    name: 'api-secret',
    description:
      'Siteleaf API secret (the Basic auth password). Store it as a secret. Masked before anything else runs.',
    required: true,
    default: ''
  },
  {
    name: 'site-id',
    description: 'The id of the Siteleaf site to publish.',
    required: true,
    default: ''
  },
  {
    name: 'theme-dir',
    description:
      "Folder whose files mirror the site's theme (v1) or the Jekyll site's root, where `_config.yml` is (v2), relative to GITHUB_WORKSPACE.",
    required: false,
    default: '.'
  },
  {
    name: 'files',
    description:
      'Newline-separated glob patterns relative to theme-dir; a `!` pattern excludes. Dotfiles, dot-folders, config.ru, node_modules/ and what theme-dir/.siteleafignore lists are always excluded.',
    required: false,
    default: '**'
  },
  {
    name: 'upload-theme',
    description: '`false` uploads nothing and only publishes (scheduled rebuilds).',
    required: false,
    default: 'true'
  },
  {
    name: 'prune',
    description:
      '`true` deletes remote theme files that have no local file among the matched ones, after every upload succeeded (v2: files only; pages and documents too with overwrite-content; never `_config.yml`).',
    required: false,
    default: 'false'
  },
  {
    name: 'publish',
    description: '`false` uploads only, without publishing.',
    required: false,
    default: 'true'
  },
  {
    name: 'wait',
    description: '`false` starts the publish and returns at once with the job id.',
    required: false,
    default: 'true'
  },
  {
    name: 'timeout',
    description:
      'Seconds to wait for the publish job to finish, counted from the first publish request, less any wait for a GitHub Sync under way (v2); past it the step fails.',
    required: false,
    default: '900'
  },
  {
    name: 'concurrency',
    description: 'Uploads in flight at once (1 to 32).',
    required: false,
    default: '6'
  },
  {
    name: 'dry-run',
    description:
      '`true` prints the plan (what would be uploaded, pruned, published) and changes nothing on Siteleaf.',
    required: false,
    default: 'false'
  },
  {
    name: 'api-url',
    description: 'Siteleaf API origin.',
    required: false,
    default: 'https://api.siteleaf.com'
  },
  {
    name: 'api-version',
    description:
      '`v1`, `v2`, or `auto`: ask the site which Siteleaf API it runs on (sites made since 2016 run on v2).',
    required: false,
    default: 'auto'
  },
  {
    name: 'overwrite-content',
    description:
      'v2 only: `true` lets the upload replace, and `prune` delete, content that editors change in Siteleaf (pages, documents, `_config.yml`).',
    required: false,
    default: 'false'
  },
  {
    name: 'github-token',
    description:
      'Token used only to record a GitHub deployment when deployment-environment is set.',
    required: false,
    default: '${{ github.token }}'
  },
  {
    name: 'deployment-environment',
    description:
      "When set, record a GitHub deployment for this environment whose status follows the publish and whose URL is the site's.",
    required: false,
    default: ''
  }
];
