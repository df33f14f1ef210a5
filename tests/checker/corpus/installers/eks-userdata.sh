#!/bin/bash
# Launch template user data for the self-managed node group
set -o xtrace
/etc/eks/bootstrap.sh payments \
  --container-runtime dockerd \
  --enable-docker-bridge true \
  --b64-cluster-ca "$B64_CLUSTER_CA" \
  --apiserver-endpoint "$API_SERVER_URL" \
  --kubelet-extra-args '--node-labels=eks.amazonaws.com/nodegroup=batch --max-pods=58'
/opt/aws/bin/cfn-signal --exit-code $? --stack payments-nodes --resource NodeGroup --region us-west-2
