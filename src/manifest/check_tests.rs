use super::*;

const SEED_002: &str = "\
apiVersion: apps/v1     # apiVersion: apps/v1
kind: DaemonSet         # kind: ReplicaSet
metadata:               # metadata:
  name: my-daemonset    #   name: my-replicaset
spec:                   # spec:
  selector:             #   selector:
    matchLables:        #     matchLabels:
      app: my-app       #       app: my-app
    template:           #   template:
      metadata:         #     metadata:
        labels:         #       label:
          app: my-app   #         app: my-app
      spec:             #     spec:
        containers:     #       containers:
        - name: nginx   #       - name: nginx-controller
          image: nginx  #         image: nginx
";

#[test]
fn seed_002_gets_both_problems() {
    let report = check_text(SEED_002, "seed.yaml");
    println!("{}", report.render(Lang::En));
    println!("{}", report.render(Lang::Ko));
}
