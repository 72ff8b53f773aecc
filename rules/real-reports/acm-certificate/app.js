// Real report: aws/aws-cdk#16622: adding a name to a certificate that another stack uses
// replaces it (`DomainName`, `SubjectAlternativeNames` and `ValidationMethod` are
// create-only), its ARN changes, and the export cannot be updated while it is imported.
'use strict';
const cdk = require('aws-cdk-lib');
const acm = require('aws-cdk-lib/aws-certificatemanager');
const apigateway = require('aws-cdk-lib/aws-apigateway');

class CertificateStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.certificate = new acm.Certificate(this, 'ApiCertificate', {
      domainName: 'api.example.com',
      validation: acm.CertificateValidation.fromEmail(),
    });
  }
}

class ApiStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    new apigateway.DomainName(this, 'ApiDomain', {
      domainName: 'api.example.com',
      certificate: props.certificate,
    });
  }
}

const app = new cdk.App();
const certificates = new CertificateStack(app, 'certificates');
new ApiStack(app, 'api', { certificate: certificates.certificate });
