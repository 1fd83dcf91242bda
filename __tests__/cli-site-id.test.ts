// Where the command finds the site id: --site-id, SITELEAF_SITE_ID, .siteleaf.yml, config.ru.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { findSiteId, type SiteIdSearch } from '../src/cli/site-id.js';

const YML_ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const RU_ID = 'bbbbbbbbbbbbbbbbbbbbbbbb';

/** A theme folder holding the given files. */
function theme(files: Record<string, string> = {}): SiteIdSearch {
  const root = mkdtempSync(join(tmpdir(), 'siteleaf-publish-siteid-'));
  const themeDir = join(root, 'theme');
  mkdirSync(themeDir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(themeDir, name), text);
  return { themeDir, themeDirLabel: 'theme' };
}

const both = {
  '.siteleaf.yml': `---\napi_key: k\nsite_id: ${YML_ID}\n`,
  'config.ru': `require 'siteleaf'\nrun Siteleaf::Server.new(:site_id => '${RU_ID}')\n`
};

describe('findSiteId, first found wins', () => {
  it('takes --site-id over everything', () => {
    expect(findSiteId({ ...theme(both), option: 'opt', variable: 'env' })).toEqual({
      siteId: 'opt',
      from: '--site-id'
    });
  });

  it('then SITELEAF_SITE_ID', () => {
    expect(findSiteId({ ...theme(both), variable: ' env \n' })).toEqual({
      siteId: 'env',
      from: 'SITELEAF_SITE_ID'
    });
  });

  it("then site_id in the theme's .siteleaf.yml (the v2 gem's file)", () => {
    expect(findSiteId(theme(both))).toEqual({ siteId: YML_ID, from: 'theme/.siteleaf.yml' });
  });

  it("then :site_id => '…' in the theme's config.ru (the v1 gem's)", () => {
    expect(findSiteId(theme({ 'config.ru': both['config.ru'] }))).toEqual({
      siteId: RU_ID,
      from: 'theme/config.ru'
    });
  });

  it('treats an empty option or variable as not given', () => {
    expect(findSiteId({ ...theme(both), option: '', variable: '  ' })).toMatchObject({
      siteId: YML_ID
    });
  });

  it('names the files from the current folder when the theme is there', () => {
    const search = theme(both);
    expect(findSiteId({ ...search, themeDirLabel: '.' })).toMatchObject({
      from: '.siteleaf.yml'
    });
  });
});

describe('.siteleaf.yml', () => {
  it.each([
    ['site_id: abc', 'abc'],
    ["site_id: 'abc'", 'abc'],
    [':site_id: abc', 'abc'],
    ['{ site_id: "abc", api_key: k }', 'abc'],
    ['site_id: 123456', '123456']
  ])('reads %j', (text, siteId) => {
    expect(findSiteId(theme({ '.siteleaf.yml': text }))).toMatchObject({ siteId });
  });

  it('goes on to config.ru when it has no site_id, or is not YAML', () => {
    for (const text of ['api_key: k\n', '- a list\n', '', 'site_id: [unclosed\n']) {
      expect(
        findSiteId(theme({ '.siteleaf.yml': text, 'config.ru': both['config.ru'] }))
      ).toMatchObject({ siteId: RU_ID });
    }
  });
});

describe('config.ru', () => {
  it.each([
    [`run Siteleaf::Server.new(:site_id => '${RU_ID}')`],
    [`run Siteleaf::Server.new(:site_id=>"${RU_ID}")`],
    [`run Siteleaf::Server.new(site_id: '${RU_ID}')`],
    [`# :site_id => 'old'\nrun Siteleaf::Server.new(\n  :site_id => '${RU_ID}'\n)`]
  ])('reads %j', text => {
    expect(findSiteId(theme({ 'config.ru': text }))).toMatchObject({ siteId: RU_ID });
  });

  it('skips a line commented out, and a site id that is not a literal', () => {
    const text =
      "# run Siteleaf::Server.new(:site_id => 'old')\nrun App.new(:site_id => ENV['X'])\n";
    expect(findSiteId(theme({ 'config.ru': text }))).toEqual({
      looked: expect.arrayContaining(["theme/config.ru: no :site_id => '…' in it"])
    });
  });
});

describe('when no place has it', () => {
  it('says every place looked, in order, and what was there', () => {
    expect(findSiteId(theme({ '.siteleaf.yml': 'api_key: k\n' }))).toEqual({
      looked: [
        '--site-id: not given',
        'SITELEAF_SITE_ID: not set',
        'theme/.siteleaf.yml: no site_id in it',
        'theme/config.ru: no such file'
      ]
    });
  });

  it('says a .siteleaf.yml is not valid YAML', () => {
    const result = findSiteId(theme({ '.siteleaf.yml': 'site_id: [unclosed\n' }));
    expect(result).toEqual({
      looked: expect.arrayContaining([
        expect.stringMatching(/^theme\/\.siteleaf\.yml: not valid YAML \(/)
      ])
    });
  });

  it('says when the theme folder itself is missing', () => {
    const result = findSiteId({ themeDir: '/nonexistent/theme', themeDirLabel: 'theme' });
    expect(result).toEqual({
      looked: [
        '--site-id: not given',
        'SITELEAF_SITE_ID: not set',
        'theme/.siteleaf.yml: no such file',
        'theme/config.ru: no such file'
      ]
    });
  });
});
