import { addressKind } from '../../schemas/tools/hosts';

describe('addressKind of IPv6 forms that reach past the public internet', () => {
  it.each([
    ['local-use NAT64 of a private IPv4 address', '64:ff9b:1::a00:1'],
    ['local-use NAT64 of a public IPv4 address', '64:ff9b:1:fffe::808:808'],
    ['the start of the local-use NAT64 prefix', '64:ff9b:1::'],
    ['SIIT of loopback (127.0.0.1)', '::ffff:0:7f00:1'],
    ['SIIT of loopback, dotted', '::ffff:0:127.0.0.1'],
    ['SIIT of a private IPv4 address', '::ffff:0:a00:1'],
    ['SIIT of instance metadata', '::ffff:0:a9fe:a9fe'],
    ['SIIT of a public IPv4 address', '::ffff:0:808:808'],
    ['deprecated site-local', 'fec0::1'],
    ['the end of deprecated site-local', 'feff:ffff:ffff:ffff::1'],
    ['well-known NAT64 of 10.0.0.1', '64:ff9b::a00:1'],
    ['well-known NAT64 of 10.0.0.1, dotted', '64:ff9b::10.0.0.1'],
    ['well-known NAT64 of instance metadata', '64:ff9b::a9fe:a9fe'],
    ['well-known NAT64 of loopback', '64:ff9b::7f00:1'],
    ['well-known NAT64 of a public IPv4 address', '64:ff9b::808:808'],
  ])('classifies %s (%s) as private', (_, address) => {
    // Act
    const kind = addressKind(address);

    // Assess
    expect(kind).toBe('private');
  });

  it.each([
    ['next to the local-use NAT64 prefix', '64:ff9b:2::a00:1', 'public'],
    ['next to the well-known NAT64 prefix', '64:ff9b:0:1::a00:1', 'public'],
    ['just below site-local', 'febf:ffff::1', 'private'],
    ['IPv4-mapped loopback', '::ffff:7f00:1', 'loopback'],
    ['IPv4-mapped private', '::ffff:a00:1', 'private'],
    ['IPv4-mapped public', '::ffff:808:808', 'public'],
    ['global unicast', '2606:4700::1111', 'public'],
  ])('classifies an address %s (%s) as %s', (_, address, expected) => {
    // Act
    const kind = addressKind(address);

    // Assess
    expect(kind).toBe(expected);
  });
});
