/**
 * The bundled copy of the official releases-index.json (same format, applied by the same merge as the live
 * one), with the channels the image catalog has images for. It keeps only the fields the merge reads, plus
 * `releases.json`; version numbers that are not known for certain (latest patches) are left out.
 *
 * Sources: dotnet/core release-notes/releases-index.json (April 2026 copy: 8.0/9.0 end 2026-11-10, 11.0 an
 * STS preview; the same copy omits 10.0's eol-date, which the support policy page gives as 2028-11-14), and
 * ../shared/knowledge/dotnet-release-metadata.md for .NET 11 GA (stable 11.0.0 packages on NuGet by
 * 2026-12-01). Assumptions, to be replaced by the live metadata: .NET 11 GA on 2026-11-10 (the second Tuesday
 * of November, like every release since .NET 5), and, as an STS release supported 24 months, end of support on
 * 2028-11-14 (the second Tuesday of November 2028, the day .NET 10 also ends).
 */

/** The day this copy was made. */
export const bundledReleaseIndexAsOf = '2026-12-04';

const metadata = 'https://builds.dotnet.microsoft.com/dotnet/release-metadata';

export const bundledReleaseIndex: unknown = {
  'releases-index': [
    {
      'channel-version': '11.0',
      'latest-release': '11.0.0',
      'latest-release-date': '2026-11-10',
      product: '.NET',
      'support-phase': 'active',
      'eol-date': '2028-11-14',
      'release-type': 'sts',
      'releases.json': `${metadata}/11.0/releases.json`,
    },
    { 'channel-version': '10.0', product: '.NET', 'support-phase': 'active', 'eol-date': '2028-11-14', 'release-type': 'lts', 'releases.json': `${metadata}/10.0/releases.json` },
    { 'channel-version': '9.0', product: '.NET', 'support-phase': 'eol', 'eol-date': '2026-11-10', 'release-type': 'sts', 'releases.json': `${metadata}/9.0/releases.json` },
    { 'channel-version': '8.0', product: '.NET', 'support-phase': 'eol', 'eol-date': '2026-11-10', 'release-type': 'lts', 'releases.json': `${metadata}/8.0/releases.json` },
    { 'channel-version': '7.0', product: '.NET', 'support-phase': 'eol', 'eol-date': '2024-05-14', 'release-type': 'sts', 'releases.json': `${metadata}/7.0/releases.json` },
    { 'channel-version': '6.0', product: '.NET', 'support-phase': 'eol', 'eol-date': '2024-11-12', 'release-type': 'lts', 'releases.json': `${metadata}/6.0/releases.json` },
    { 'channel-version': '5.0', product: '.NET', 'support-phase': 'eol', 'eol-date': '2022-05-10', 'release-type': 'sts', 'releases.json': `${metadata}/5.0/releases.json` },
    { 'channel-version': '3.1', product: '.NET Core', 'support-phase': 'eol', 'eol-date': '2022-12-13', 'release-type': 'lts', 'releases.json': `${metadata}/3.1/releases.json` },
    { 'channel-version': '3.0', product: '.NET Core', 'support-phase': 'eol', 'eol-date': '2020-03-03', 'release-type': 'sts', 'releases.json': `${metadata}/3.0/releases.json` },
    { 'channel-version': '2.2', product: '.NET Core', 'support-phase': 'eol', 'eol-date': '2019-12-23', 'release-type': 'sts', 'releases.json': `${metadata}/2.2/releases.json` },
    { 'channel-version': '2.1', product: '.NET Core', 'support-phase': 'eol', 'eol-date': '2021-08-21', 'release-type': 'lts', 'releases.json': `${metadata}/2.1/releases.json` },
  ],
};
